"""The modules of the RDF emit stage, one per kind of node it writes.

The entry point is :mod:`cchc_kg.loaders.to_rdf` (``extraction_to_graph`` and friends); the
modules here are its parts, named after what they emit:

* :mod:`.namespaces`, :mod:`.literals`, :mod:`.vocabulary`: the terms every part uses (the
  namespaces, NFC literals, and the code lists read from the ontology);
* :mod:`.state`: the graph being built for one extraction and what is minted so far;
* :mod:`.provenance`: the source version, the extraction activity, and the text-span
  selectors (W3C Web Annotation position + quote) that every extracted entity points to;
* :mod:`.agencies`: agency and province nodes;
* :mod:`.documents`: the documents' IRIs, descriptions and identity keys, and which document
  owns a record;
* :mod:`.sections`: the section tree, its task items, and the table sections;
* :mod:`.tasks`, :mod:`.deadlines`, :mod:`.targets`: the plan items (table, body and
  section tasks, shortcomings), their OWL-Time deadlines, targets and their quantities;
* :mod:`.citations`: citation mentions and the cited instruments;
* :mod:`.emitter`: the walk over an extraction that calls all of the above in order.
"""
