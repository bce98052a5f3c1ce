"""lambdaprep: a terminal study app for AWS Lambda interviews.

Importing the package is cheap on purpose: nothing is loaded here. Submodules are
imported where they are used, and Textual only on the path that starts the TUI.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
