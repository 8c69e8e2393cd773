"""The side panel's control groups: data, network, training and output."""
