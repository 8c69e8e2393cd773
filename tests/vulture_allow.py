"""Names vulture may call unused in nnviz, each with its reason (tests/test_dead_code.py reads this file)."""
# ruff: noqa: B018, F821

# called by name by Python, Qt or a tool
_.__getattr__  # the package's lazy attributes (PEP 562)
_.__path__  # the import system reads it (pyqtgraph's Qt mirrors are packages)
_.__dir__  # dir() reads it (PySide6 modules listed empty while pyqtgraph's shim loads)
_.__match_args__  # `match` patterns by position read it (session/message.py: a Message matches as a dataclass)
gui_main  # the windowed console script, named in pyproject.toml
_.paintEvent  # Qt calls its overrides
_.wheelEvent  # Qt calls its overrides
_.viewRangeChanged  # pyqtgraph calls it on its items when their view's range changes (ui/plots/live_curve.py)
x_log  # pyqtgraph's signature for setLogMode(x, y): the loss chart's x axis is never log (ui/plots/live_curve.py)
_.loadResource  # Qt calls it (a text browser that loads nothing)
_._renderRequired  # pyqtgraph's ImageItem reads it (plots/opaque_image.py renders as its `render` would)
_._unrenderable  # pyqtgraph's ImageItem reads it (the same)
_.handle_startendtag  # html.parser calls its handlers
_.handle_endtag  # html.parser
_.handle_decl  # html.parser
_.handle_pi  # html.parser
_.unknown_decl  # html.parser
decl  # html.parser's signature for handle_decl
generation  # gc.collect's parameter, named in the GcModule Protocol (ui/gui_gc.py) as the gc module has it
_.get_source_stamp  # numba's cache locators call it (engine/kernels/disk_cache.py)
_._cache  # numba's dispatcher reads its cache there (engine/kernels/disk_cache.py)

# the scripting API and the engine's public calls, for user scripts (docs/scripting.md; tests/api run them)
_.Perceptron  # Architect.Perceptron
_.clone  # Network.clone
_.connected  # Neuron.connected
_.gater  # Connection.gater
_.class_counts  # Dataset.class_counts
_.get_weight  # MLP.get_weight
_.get_bias  # MLP.get_bias
_.from_network  # Session.from_network: train a scripted network
_.set_learning_rate  # Session.set_learning_rate
load_session  # nnviz.session.load_session
resource_files  # the shipped files, for packagers (tests/test_resources.py)

# the documented limits: README "Limits" is written from them (tests/test_readme.py)
SESSION_LOAD_BUDGET  # the session file's load budget
LIMITS  # every limit, by name
max_drawn_neurons  # the graph's drawing limit

# engine/reproducible.py: the determinism helper's work in progress (its owner removes what stays unused)
MAX_RELATIVE_ERROR  # the documented error bound its tests check against
ArrayFn  # a type alias of its signatures
near_boundary  # the grid's rounding-boundary check (one int or an int64 array), tested on its own
sum_of_squares  # a reproducible sum kept beside dot
_.redone  # the Verifier's count of values recomputed
matmul_tn  # the general form of matmul_tn_contiguous

# kept alive on purpose
_.picture  # holds a drawn picture alive while Qt paints it
