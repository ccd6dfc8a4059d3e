"""One router per resource: ``sparql``, ``cites``, ``queries``, ``health``."""
