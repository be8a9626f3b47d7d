"""``python -m proofs_checks``: the same as the ``reluflow`` command."""

from .cli import main

if __name__ == "__main__":
    main()
