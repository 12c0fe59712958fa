"""lecnn: deep neural networks and backpropagation in the lecture's notation."""

__version__ = "0.1.0"
