"""One router per resource: ``index``, ``sparql``, ``cites``, ``queries``, ``health``."""
