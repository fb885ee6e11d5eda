"""Markup Compatibility (ECMA-376 Part 3) applied as a consumer of the standard alone applies it."""

from __future__ import annotations

from lxml import etree

from .opc import NS_A, NS_C, NS_CT, NS_CUSTOM_UI, NS_EP, NS_MAIN, NS_MC, NS_PKG_REL, NS_R, NS_VT, NS_W, NS_XDR

UNDERSTOOD = frozenset({
    NS_MC, NS_MAIN, NS_W, NS_R, NS_PKG_REL, NS_CT, NS_EP, NS_VT, NS_A, NS_C, NS_XDR, NS_CUSTOM_UI,
    "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "http://schemas.openxmlformats.org/drawingml/2006/chartDrawing",
    "http://schemas.openxmlformats.org/drawingml/2006/diagram",
    "http://schemas.openxmlformats.org/drawingml/2006/lockedCanvas",
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes",
    "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    "http://schemas.openxmlformats.org/officeDocument/2006/customXml",
    "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
    "http://purl.org/dc/elements/1.1/", "http://purl.org/dc/terms/", "http://purl.org/dc/dcmitype/",
    "http://www.w3.org/2001/XMLSchema-instance", "http://www.w3.org/XML/1998/namespace",
    "urn:schemas-microsoft-com:vml", "urn:schemas-microsoft-com:office:office",
    "urn:schemas-microsoft-com:office:excel", "urn:schemas-microsoft-com:office:word",
})
"""Namespaces of the vendored standard: what a consumer of ISO/IEC 29500 Transitional understands.
Office's later extension namespaces (x14, w14, ...) are not in it, so MCE drops them where ignorable."""




def _prefixes(el: etree._Element, attribute: str) -> set[str]:
    """The namespaces named (by prefix) in an mc attribute of ``el``."""
    value = el.get(f"{{{NS_MC}}}{attribute}")
    if not value:
        return set()
    return {el.nsmap.get(prefix, f"unbound prefix {prefix}") for prefix in value.split()}


def apply_markup_compatibility(root: etree._Element, understood: frozenset[str] = UNDERSTOOD) -> list[str]:
    """Rewrite ``root`` in place as a consumer understanding ``understood`` sees it; return MCE violations.

    ECMA-376 Part 3: a non-understood namespace named in ``mc:MustUnderstand``
    is an error; elements and attributes of a non-understood namespace named in
    ``mc:Ignorable`` are removed (an element named in ``mc:ProcessContent``
    gives its children to its parent); ``mc:AlternateContent`` is replaced by
    the content of its first Choice whose ``Requires`` namespaces are all
    understood, else of its Fallback, else by nothing.
    """
    problems: list[str] = []

    def walk(el: etree._Element, ignorable: frozenset[str], process: frozenset[str]) -> None:
        ignorable = ignorable | _prefixes(el, "Ignorable")
        process = process | _prefixes(el, "ProcessContent")
        for ns in _prefixes(el, "MustUnderstand") - understood:
            problems.append(f"mc:MustUnderstand names {ns}, which is not understood")
        for name in list(el.attrib):
            ns = etree.QName(name).namespace
            if ns == NS_MC or (ns in ignorable and ns not in understood):
                del el.attrib[name]
        for child in list(el):
            if not isinstance(child.tag, str):
                continue
            ns = etree.QName(child).namespace
            if child.tag == f"{{{NS_MC}}}AlternateContent":
                chosen = _choose(child, understood)
                index = el.index(child)
                el.remove(child)
                for n, grandchild in enumerate(chosen):
                    el.insert(index + n, grandchild)
                for grandchild in chosen:
                    walk(grandchild, ignorable, process)
            elif ns in ignorable and ns not in understood:
                index = el.index(child)
                el.remove(child)
                if ns in process:
                    kept = [g for g in child]
                    for n, grandchild in enumerate(kept):
                        el.insert(index + n, grandchild)
                    for grandchild in kept:
                        walk(grandchild, ignorable, process)
            else:
                walk(child, ignorable, process)

    if root.tag == f"{{{NS_MC}}}AlternateContent":
        problems.append("the root element is mc:AlternateContent")
        return problems
    walk(root, frozenset(), frozenset())
    return problems


def _choose(alternate: etree._Element, understood: frozenset[str]) -> list[etree._Element]:
    for branch in alternate:
        if branch.tag == f"{{{NS_MC}}}Choice":
            requires = {branch.nsmap.get(p, f"unbound prefix {p}") for p in branch.get("Requires", "").split()}
            if requires <= understood:
                return list(branch)
        elif branch.tag == f"{{{NS_MC}}}Fallback":
            return list(branch)
    return []
