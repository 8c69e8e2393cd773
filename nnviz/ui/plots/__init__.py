"""The plots: the decision boundary under the data, and the loss chart."""
