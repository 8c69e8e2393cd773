"""Lessons in the window: the menu, the panel, the Markdown editor, and text from files shown safely."""
