"""The main window: layout, actions, toolbar and status bar."""
