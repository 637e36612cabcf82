"""The restitution: what the room produced, as a document the facilitator shares the same day.

``document`` holds the model (plain dataclasses, JSON-serialisable); ``markdown``, ``html``,
``pdf`` and ``docx`` each turn a :class:`~facilitator.restitution.document.Document` into bytes;
``renderers`` is the registry ``{ext: (render, mimetype)}``; ``csvfile`` writes the flat tables.
Nothing here reads the store: the builder does, and hands a Document over.
"""
