"""One module per subcommand; each exposes ``register(subparsers)``. See :mod:`extractor.cli`."""
