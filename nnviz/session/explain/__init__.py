"""Teaching mode, Qt-free: one sample explained (sample.py), its phases (phases.py) and text (text.py), the
worker tasks that carry it (tasks.py), and the hidden-space picture (hidden.py)."""
