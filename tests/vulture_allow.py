"""Names vulture may call unused in nnviz, each with its reason (tests/test_dead_code.py reads this file)."""
# ruff: noqa: B018, F821

# entry points and protocols Python or a tool calls by name
_.__getattr__  # the package's lazy attributes (PEP 562)
gui_main  # the windowed console script, named in pyproject.toml
_.paintEvent  # Qt calls its overrides
_.wheelEvent  # Qt calls its overrides
_.loadResource  # Qt calls it (a text browser that loads nothing)
_.handle_startendtag  # html.parser calls its handlers
_.handle_endtag
_.handle_decl
_.handle_pi
_.unknown_decl
decl

# the scripting API and the engine's public calls: for user scripts (tests/api run them)
_.Perceptron
_.clone
_.connected
_.gater
_.class_counts
_.get_weight
_.get_bias
_.from_network
_.set_learning_rate
load_session
resource_files

# the documented limits: README "Limits" is written from them (tests/test_readme.py)
SESSION_LOAD_BUDGET
LIMITS
max_drawn_neurons

# engine: the determinism work in progress (issue 20 item 2 is its owner's): remove what stays unused there
apply_function
derivative
_.symbol
MAX_RELATIVE_ERROR
ArrayFn
near_boundary
sum_of_squares
_.set_network
_.redone
matmul_tn

# features' parts that tests and benchmarks read as a user would not (kept by their owners; to move to tests)
_.busy_seconds  # bench_record: the GUI time a recording costs
_.redraw_count  # the loss chart redraws only when its history changed
_.drawn_edges  # a dense network draws its strongest edges only
_.backend_name  # soak: which backend ran
_._pixels  # keeps a node's image memory alive while Qt draws from it
_.result_  # the import dialog's answer
_.edge_scale
_.settling
_.picture  # keeps a drawn picture alive while Qt paints it
_.pixels_of
_.replay_export
_.guide_action
_.lessons
_.prev_sample
_.next_sample
