/* concord-cli-roadmap.c: assess and roadmap */
#define G_LOG_DOMAIN "concord-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "concord-cli.h"
#include "concord-initiatives.h"
#include "concord-maturity.h"

int
concord_cli_assess (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(GArray) answers = NULL;
  g_autoptr(ConcordMaturityScore) score = NULL;
  g_autofree char *team = NULL;
  g_autofree char *date = NULL;
  g_autofree char *answers_text = NULL;
  g_autofree char *respondent = NULL;
  g_autofree char *label = NULL;
  GError *error = NULL;
  gint64 id;
  const GOptionEntry entries[] = {
    { "team", 0, 0, G_OPTION_ARG_STRING, &team,
      N_("Who answered: sales, marketing, leadership or joint"), N_("TEAM") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date,
      N_("When the assessment was taken"), N_("YYYY-MM-DD") },
    { "answers", 0, 0, G_OPTION_ARG_STRING, &answers_text,
      N_("One answer from 1 to 5 per statement, in questionnaire order"), N_("4,3,5,…") },
    { "respondent", 0, 0, G_OPTION_ARG_STRING, &respondent,
      N_("The name of the person who answered"), N_("NAME") },
    { NULL }
  };

  context = g_option_context_new (_("FILE — record a maturity assessment"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      int status = concord_cli_usage_error (context, error->message);
      g_error_free (error);
      return status;
    }

  if (argc != 2)
    return concord_cli_usage_error (context, _("assess takes exactly one FILE"));
  if (team == NULL || date == NULL || answers_text == NULL)
    return concord_cli_usage_error (context, _("assess needs --team, --date and --answers"));

  workbook = concord_cli_open (argv[1], TRUE);
  if (workbook == NULL)
    return CLI_EXIT_FINDINGS;

  if (!concord_maturity_parse_answers (answers_text, &answers, &error))
    return concord_cli_fail (error);

  id = concord_maturity_record_assessment (workbook, date, team, respondent,
                                           (const int *) answers->data, answers->len,
                                           &error);
  if (id <= 0)
    return concord_cli_fail (error);

  score = concord_maturity_score_assessment (workbook, id, &error);
  if (score == NULL)
    return concord_cli_fail (error);

  label = concord_maturity_stage_label (workbook, score->stage);
  /* TRANSLATORS: "Sales assessment of 2026-01-05 recorded: 57 of 100,
   * Defined"; the first %s is a whole phrase such as "Sales assessment" */
  g_print (_("%s of %s recorded: %.0f of %u, %s\n"),
           concord_maturity_team_assessment_label (team), date, score->total,
           score->n_statements * 5, label);

  return CLI_EXIT_OK;
}

static void
print_text (ConcordWorkbook      *workbook,
            ConcordMaturityScore *current,
            ConcordQueryModel    *initiatives)
{
  g_autofree char *stage = concord_maturity_stage_label (workbook, current ? current->stage : 0);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (initiatives));

  if (current == NULL)
    g_print (_("Overall: %s\n"), stage);
  else
    {
      g_autofree char *teams = concord_maturity_describe_teams (workbook, current);

      g_print (_("Overall: %s (%.0f of 100, round of %s)\n"), stage, current->percent, current->taken_on);
      if (*teams != '\0')
        g_print ("  %s\n", teams);
    }

  g_print ("\n%s\n", _("Dimensions (current → target):"));
  for (guint i = 0; current != NULL && i < current->dimensions->len; i++)
    {
      ConcordDimensionScore *dimension = g_ptr_array_index (current->dimensions, i);
      g_autofree char *target_on = NULL;
      int target = concord_maturity_get_target (workbook, dimension->dimension_id, &target_on);
      g_autofree char *now = concord_maturity_stage_label (workbook, dimension->stage);
      g_autofree char *goal = target ? concord_maturity_stage_label (workbook, target) : g_strdup (_("none"));

      g_print ("  %-34s %-12s → %-12s %s\n", dimension->name, now, goal, target_on ? target_on : "");
    }

  g_print ("\n%s\n", _("Initiatives:"));
  if (n == 0)
    g_print ("  %s\n", _("None yet"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ConcordRecord) record = g_list_model_get_item (G_LIST_MODEL (initiatives), i);
      const char *start = concord_record_get_string (record, "start_on");
      const char *due = concord_record_get_string (record, "due_on");

      g_print ("  %-44s %-10s %3d%%  %s … %s\n",
               concord_record_get_string (record, "title"),
               concord_initiative_status_label (concord_record_get_string (record, "status")),
               (int) concord_record_get_int (record, "progress"),
               start ? start : "?", due ? due : "?");
    }
}

static void
add_stage (JsonBuilder     *builder,
           ConcordWorkbook *workbook,
           const char      *member,
           int              stage)
{
  g_autofree char *label = concord_maturity_stage_label (workbook, stage);
  g_autofree char *label_member = g_strconcat (member, "_label", NULL);

  json_builder_set_member_name (builder, member);
  json_builder_add_int_value (builder, stage);
  json_builder_set_member_name (builder, label_member);
  if (stage > 0)
    json_builder_add_string_value (builder, label);
  else
    json_builder_add_null_value (builder);
}

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *member,
                     const char  *value)
{
  json_builder_set_member_name (builder, member);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static char *
build_json (ConcordWorkbook      *workbook,
            ConcordMaturityScore *current,
            ConcordQueryModel    *initiatives)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *vocabulary = concord_workbook_dup_meta (workbook, "stage_labels");
  guint n = g_list_model_get_n_items (G_LIST_MODEL (initiatives));

  json_builder_begin_object (builder);
  add_nullable_string (builder, "stage_labels", vocabulary);
  add_stage (builder, workbook, "stage", current ? current->stage : 0);
  json_builder_set_member_name (builder, "score");
  json_builder_add_double_value (builder, current ? current->percent : 0);
  add_nullable_string (builder, "assessed_on", current ? current->taken_on : NULL);

  json_builder_set_member_name (builder, "teams");
  json_builder_begin_array (builder);
  for (guint i = 0; current != NULL && current->teams != NULL && i < current->teams->len; i++)
    {
      ConcordMaturityScore *team = g_ptr_array_index (current->teams, i);

      json_builder_begin_object (builder);
      add_nullable_string (builder, "team", team->team);
      json_builder_set_member_name (builder, "score");
      json_builder_add_double_value (builder, team->percent);
      add_stage (builder, workbook, "stage", team->stage);
      add_nullable_string (builder, "assessed_on", team->taken_on);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  /* marketing's score minus sales'; null unless both took part */
  json_builder_set_member_name (builder, "perception_gap");
  if (current != NULL && current->has_gap)
    json_builder_add_double_value (builder, current->gap);
  else
    json_builder_add_null_value (builder);

  json_builder_set_member_name (builder, "dimensions");
  json_builder_begin_array (builder);
  for (guint i = 0; current != NULL && i < current->dimensions->len; i++)
    {
      ConcordDimensionScore *dimension = g_ptr_array_index (current->dimensions, i);
      g_autofree char *target_on = NULL;
      int target = concord_maturity_get_target (workbook, dimension->dimension_id, &target_on);

      json_builder_begin_object (builder);
      add_nullable_string (builder, "name", dimension->name);
      add_stage (builder, workbook, "stage", dimension->stage);
      add_stage (builder, workbook, "target_stage", target);
      add_nullable_string (builder, "target_on", target_on);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "initiatives");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ConcordRecord) record = g_list_model_get_item (G_LIST_MODEL (initiatives), i);
      static const char *const text_columns[] = { "uuid", "title", "description", "start_on", "due_on", "status" };
      static const char *const int_columns[] = { "from_stage", "to_stage", "progress" };

      json_builder_begin_object (builder);
      for (guint j = 0; j < G_N_ELEMENTS (text_columns); j++)
        add_nullable_string (builder, text_columns[j],
                             concord_record_is_null (record, text_columns[j]) ? NULL
                             : concord_record_get_string (record, text_columns[j]));
      for (guint j = 0; j < G_N_ELEMENTS (int_columns); j++)
        {
          json_builder_set_member_name (builder, int_columns[j]);
          if (concord_record_is_null (record, int_columns[j]))
            json_builder_add_null_value (builder);
          else
            json_builder_add_int_value (builder, concord_record_get_int (record, int_columns[j]));
        }
      if (!concord_record_is_null (record, "dimension_id"))
        {
          g_autoptr(ConcordRecord) dimension =
            concord_workbook_get_record (workbook, "maturity_dimensions",
                                         concord_record_get_int (record, "dimension_id"), NULL);

          add_nullable_string (builder, "dimension",
                               dimension ? concord_record_get_string (dimension, "name") : NULL);
        }
      else
        add_nullable_string (builder, "dimension", NULL);
      if (!concord_record_is_null (record, "owner_id"))
        {
          g_autoptr(ConcordRecord) owner =
            concord_workbook_get_record (workbook, "people",
                                         concord_record_get_int (record, "owner_id"), NULL);

          add_nullable_string (builder, "owner", owner ? concord_record_get_string (owner, "name") : NULL);
        }
      else
        add_nullable_string (builder, "owner", NULL);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, NULL);
}

int
concord_cli_roadmap (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ConcordWorkbook) workbook = NULL;
  g_autoptr(ConcordMaturityScore) current = NULL;
  g_autoptr(ConcordQueryModel) initiatives = NULL;
  GError *error = NULL;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON for machines"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE — show stages, targets and initiatives"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      int status = concord_cli_usage_error (context, error->message);
      g_error_free (error);
      return status;
    }

  if (argc != 2)
    return concord_cli_usage_error (context, _("roadmap takes exactly one FILE"));

  workbook = concord_cli_open (argv[1], FALSE);
  if (workbook == NULL)
    return CLI_EXIT_FINDINGS;

  current = concord_maturity_score_current (workbook, &error);
  if (error != NULL)
    return concord_cli_fail (error);

  initiatives = concord_initiative_model_new (workbook, NULL);

  if (as_json)
    {
      g_autofree char *json = build_json (workbook, current, initiatives);

      g_print ("%s\n", json);
    }
  else
    print_text (workbook, current, initiatives);

  return CLI_EXIT_OK;
}
