"""Network file formats: nnviz JSON, Synaptic and brain.js JSON, Graphviz."""
