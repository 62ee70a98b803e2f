"""Splitting a list cell into the unit names it holds (``samarbeidskommuner``,
``deltakerkommuner``): on ``;``, ``,``, line breaks and `` og ``, keeping whole the names and
fylke qualifiers that contain `` og `` ("Evje og Hornnes", "Herøy i Møre og Romsdal").

A mixin of :class:`.names.KommuneMatcher`: it asks the matcher whether a text is a known name.
"""

from __future__ import annotations

from .name_forms import LIST_SEPARATORS, MAX_OG_GROUP, OG, as_text, normalise_name


class ListSplitting:
    """List splitting for a matcher with ``_cached_split`` (this class's ``_split_text``,
    cached), ``_cached_known`` (whether a text names a unit) and ``_exact`` (a name's units)."""

    def split_list(self, cell: str | None) -> list[str]:
        """Split a list cell into the typed unit texts it holds.

        Splits on ';', ',', line breaks and ' og '. Names and fylke qualifiers that contain
        ' og ' ('Evje og Hornnes', 'Herøy i Møre og Romsdal') are kept whole: a piece is
        split on ' og ' only when it is not itself a known name and its parts are.

        Args:
            cell: the cell text; None or NaN give an empty list.

        Returns:
            The trimmed, non-empty pieces as typed (not matched).
        """
        return list(self._cached_split(as_text(cell)))

    def _split_text(self, text: str) -> tuple[str, ...]:
        pieces: list[str] = []
        for piece in LIST_SEPARATORS.split(text):
            piece = piece.strip()
            if piece:
                pieces.extend(self._split_og(piece))
        # A tuple, so that callers cannot change the cached value through the list they get.
        return tuple(pieces)

    def _known(self, text: str) -> bool:
        # A duplicated name ('Herøy') is a known name even though it is ambiguous alone.
        return self._cached_known(as_text(text)) or len(self._exact(normalise_name(text))) > 1

    def _split_og(self, piece: str) -> list[str]:
        spans, start = [], 0
        for separator in OG.finditer(piece):
            spans.append((start, separator.start()))
            start = separator.end()
        spans.append((start, len(piece)))
        spans = [(a, b) for a, b in spans if piece[a:b].strip()]
        if len(spans) < 2:
            # A lone part may still carry a stray ' og ' at an edge: 'og Tjeldsund'.
            return [piece[a:b].strip() for a, b in spans]
        if self._known(piece):
            return [piece]
        # best[j]: the best grouping of the first j parts, ranked by parts inside known
        # names, then fewer known groups (longer names), then unknown parts kept apart.
        best: list[tuple[tuple[int, int, int], list[str]]] = [((0, 0, 0), [])]
        for end in range(1, len(spans) + 1):
            options = []
            for begin in range(max(0, end - MAX_OG_GROUP), end):
                text = piece[spans[begin][0] : spans[end - 1][1]].strip()
                (covered, known_groups, unknown_groups), groups = best[begin]
                if self._known(text):
                    rank = (covered + end - begin, known_groups - 1, unknown_groups)
                else:
                    rank = (covered, known_groups, unknown_groups + 1)
                options.append((rank, [*groups, text]))
            best.append(max(options, key=lambda option: option[0]))
        (covered, _, _), groups = best[-1]
        return groups if covered else [piece]
