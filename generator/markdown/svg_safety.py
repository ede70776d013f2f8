"""An SVG is published only if it can neither run script nor fetch anything.

An SVG is a document, not a picture: opened from the site, any script in it
runs on the council's origin, and any reference in it to another file or
address is fetched, by browsers and by WeasyPrint as it draws the PDFs.
Clerk refuses such an SVG, pointing at the line, rather than cleaning it:
a refusal is simple to prove safe, and a cleaned chart could silently lose
part of what it shows, which nobody would notice before it was published.

The file is parsed by lxml with entity expansion, DTD loading and the
network turned off, and checked against allow-lists, so that whatever is
not known to be harmless is refused: only SVG's drawing elements (and the
metadata that drawing programs add), no event-handler attributes, no
processing instructions or entity declarations, and every reference (an
`href`, a `url(…)` in an attribute or a style sheet) to an `#id` inside
the file itself.
"""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path

import tinycss2
from lxml import etree

from generator.markdown.image_problem import ImageProblem

SVG = "http://www.w3.org/2000/svg"
#: Elements that only draw. Left out on purpose: script, foreignObject (holds HTML), the
#: animation elements (they can set an href to javascript:), and SVG fonts, cursor, tref
#: and altGlyph (they fetch other files).
DRAWING_ELEMENTS = frozenset(
    """
    svg g defs desc title metadata symbol use switch a view style
    path rect circle ellipse line polyline polygon text tspan textPath image
    linearGradient radialGradient stop pattern clipPath mask marker
    filter feBlend feColorMatrix feComponentTransfer feComposite feConvolveMatrix
    feDiffuseLighting feDisplacementMap feDistantLight feDropShadow feFlood feFuncA
    feFuncB feFuncG feFuncR feGaussianBlur feImage feMerge feMergeNode feMorphology
    feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence
    """.split()
)
#: Namespaces of the metadata that Inkscape and other drawing programs write; browsers ignore them.
EDITOR_NAMESPACES = frozenset(
    {
        "http://www.inkscape.org/namespaces/inkscape",
        "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://creativecommons.org/ns#",
        "http://web.resource.org/cc/",
        "http://purl.org/dc/elements/1.1/",
        "http://purl.org/dc/terms/",
    }
)
#: CSS functions that fetch what they name, besides url().
FETCHING_FUNCTIONS = frozenset({"image", "image-set", "-webkit-image-set", "cross-fade", "element", "-moz-element"})
BLOCKS = frozenset({"() block", "[] block", "{} block"})
#: What an attribute must hold to fetch anything: a function's opening bracket, or a CSS escape that
#: could spell one. Path data and numbers have neither, so most attributes are never tokenised.
MAY_FETCH = re.compile(r"[(\\]")
NOT_AN_SVG_HINT = "export the picture again as SVG (or PNG) from the program that made it"
REFERENCE_HINT = (
    "an SVG may only refer to #ids inside itself: draw the picture into the SVG, "
    "or show the other file as its own image in the Markdown"
)


def svg_problems(file: Path, shown_as: str) -> list[ImageProblem]:
    """Why the SVG `file` cannot be published, each at its line; empty if it can."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        data = file.read_bytes()
    except OSError as error:
        return [ImageProblem("image-content", f"{shown_as!r} cannot be read: {error.strerror}", "check the file's permissions", 1)]
    try:
        tree = etree.parse(io.BytesIO(data), parser)
    except etree.XMLSyntaxError as error:
        line, column = error.position
        return [ImageProblem("image-content", f"{shown_as!r} is not an SVG image: {error.msg}", NOT_AN_SVG_HINT, line or 1, column or 1)]
    root = tree.getroot()
    if root.tag != f"{{{SVG}}}svg":
        return [ImageProblem("image-content", f"{shown_as!r} is not an SVG image: it is XML of another kind", NOT_AN_SVG_HINT, 1)]
    problems = _declarations(tree)
    for node in tree.xpath("//processing-instruction()"):
        problems.append(
            _unsafe(f"the processing instruction <?{node.target} …?> can fetch a style sheet", node.sourceline, "remove it")
        )
    for element in root.iter(tag=etree.Element):
        problems += _element_problems(element)
    return problems


def _declarations(tree: etree._ElementTree) -> list[ImageProblem]:
    """Entities declared in the file: one can put script where no check on the tree would see it."""
    dtd = tree.docinfo.internalDTD
    if dtd is None or not list(dtd.iterentities()):
        return []
    return [_unsafe("this SVG declares entities (<!ENTITY …>), which can hide script", 1, "remove the DOCTYPE and its entities")]


def _element_problems(element: etree._Element) -> list[ImageProblem]:
    name = etree.QName(element)
    line = element.sourceline or 1
    problems = []
    if name.namespace == SVG and name.localname not in DRAWING_ELEMENTS:
        problems.append(_unsafe(_why_not(name.localname), line, "remove it: Clerk publishes SVGs that only draw"))
    elif name.namespace != SVG and name.namespace not in EDITOR_NAMESPACES:
        problems.append(
            _unsafe(
                f"the element <{name.localname}> of {name.namespace or 'no namespace'} is not SVG",
                line,
                "remove it: Clerk publishes SVGs that only draw",
            )
        )
    for attribute, value in element.attrib.items():
        local = etree.QName(attribute).localname
        if local.lower().startswith("on"):
            problems.append(_unsafe(f"the event handler {local}=\"…\" runs script", line, "remove the attribute"))
        elif local == "href" and not value.strip().startswith("#"):
            problems.append(_unsafe(f"this SVG refers to {value!r}, outside itself", line, REFERENCE_HINT))
        elif MAY_FETCH.search(value):
            problems += [_unsafe(f"this SVG refers to {found!r}, outside itself", line, REFERENCE_HINT) for found in css_references(value)]
    if name.localname == "style" and element.text:
        problems += [_unsafe(f"this SVG refers to {found!r}, outside itself", line, REFERENCE_HINT) for found in css_references(element.text)]
    return problems


@functools.lru_cache(maxsize=4096)
def css_references(css: str) -> tuple[str, ...]:
    """What CSS text would fetch from outside the file: url()s not to an #id, @import, image functions."""
    found: list[str] = []

    def walk(nodes) -> None:
        for node in nodes:
            if node.type == "url" and not node.value.strip().startswith("#"):
                found.append(f"url({node.value})")
            elif node.type == "function":
                target = "".join(argument.value for argument in node.arguments if argument.type == "string")
                if node.lower_name in ("url", "src") and not target.strip().startswith("#"):
                    found.append(f"{node.name}({target})")
                elif node.lower_name in FETCHING_FUNCTIONS:
                    found.append(f"{node.name}(…)")
                walk(node.arguments)
            elif node.type == "at-keyword" and node.lower_value == "import":
                found.append("@import")
            elif node.type in BLOCKS:
                walk(node.content)

    walk(tinycss2.parse_component_value_list(css))
    return tuple(found)


def _why_not(element: str) -> str:
    if element == "script":
        return "the <script> element would run on the council's website"
    if element == "foreignObject":
        return "the <foreignObject> element can carry HTML and script into the page"
    return f"the <{element}> element is not one that only draws"


def _unsafe(message: str, line: int, hint: str) -> ImageProblem:
    return ImageProblem("svg-unsafe", message, hint, line)
