"""The network graph view: layout, items, labels, heatmap thumbnails, tooltips and weight editing."""
