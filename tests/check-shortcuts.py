#!/usr/bin/env python3
"""Every entry of the Keyboard Shortcuts window shows a key.

The window finds the accelerator of an entry that names only an action
through the application's accels; window and page actions bound with
gtk_widget_class_add_binding_action() are invisible to it, so their
entries must spell the accelerator out. This checks the .ui file and
that every action named alone has an accel set in concord-application.c.
"""
import re
import sys
import xml.etree.ElementTree as ET

root_dir = sys.argv[1]
ui = ET.parse(f"{root_dir}/src/app/shell/gtk/help-overlay.ui")
with open(f"{root_dir}/src/app/shell/concord-application.c", encoding="utf-8") as f:
    app_source = f.read()
app_accels = set(re.findall(r'set_accels_for_action \([^,]+, "((?:app|win)\.[a-z-]+)"', app_source))

problems = []
for shortcut in ui.iter("object"):
    if shortcut.get("class") != "GtkShortcutsShortcut":
        continue
    props = {p.get("name"): (p.text or "").strip() for p in shortcut.findall("property")}
    title = props.get("title", "?")
    if props.get("accelerator"):
        continue
    action = props.get("action-name", "")
    if action in app_accels:
        continue
    problems.append(f"help-overlay.ui: “{title}” ({action or 'no action'}) shows no key")

for problem in problems:
    print(problem, file=sys.stderr)
sys.exit(1 if problems else 0)
