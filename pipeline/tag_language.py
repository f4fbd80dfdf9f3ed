"""The tag language: what a `{{ … }}` may say, in a commentary, in the unit's workbook and in the template.

A tag is data, never a program. Each is parsed with Jinja's parser and its tree checked against a small
grammar before anything is filled: in text people type (commentary, iru.xlsx), only a documented function
called with literal strings and numbers, or a documented variable; in the template, also its loops and
conditions over the names the report offers, attributes of those names, declared figure and table ids and a
few documented filters. Everything else (attribute access on anything else, subscripts in typed text,
`{% %}` blocks in typed text, undocumented filters, names such as `lipsum`, `cycler`, `self`, `config`)
is refused with the tag quoted. Filling then happens in Jinja's immutable sandbox, with no globals and only
the documented filters: a second wall, should the first ever have a gap.
"""
from __future__ import annotations

import re

from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

# The functions a person may type, with the keyword arguments each takes (docs/inputs-commentary.md).
TYPED_FUNCTIONS = {
    "v": ("breakdown", "area", "period"), "raw": ("breakdown", "area", "period"),
    "year_of": ("breakdown", "area"), "change": ("breakdown",), "against": ("area", "breakdown"),
    "count": ("singular", "plural", "breakdown", "area"), "verb": ("singular", "plural", "breakdown", "area"),
}
TYPED_VARIABLES = ("year", "year_label", "last_year_label", "next_year_label")
COMMENTARY_FUNCTIONS = {**TYPED_FUNCTIONS, "rag": ("breakdown",)}  # a RAG word is Word formatting: not in cells
# What the template may name besides: the context the report offers (render.report.context).
TEMPLATE_VARIABLES = (*TYPED_VARIABLES, "authority", "region", "publication", "marks", "team", "fig", "tab",
                      "changes", "improved", "worsened", "rags", "definitions", "glossary", "groups", "sources",
                      "data_quality", "notable_rule", "key_messages", "risks")
TEMPLATE_FUNCTIONS = (*COMMENTARY_FUNCTIONS, "within", "commentary", "compared", "shown", "not_recorded",
                      "represented")
FILTERS = ("join", "unique", "length", "lower", "upper", "capitalize", "first", "last", "default", "round")
TESTS = ("none",)  # `{% if raw('…') is not none %}`: a measure a year may not record
ITEM_ATTRIBUTES = ("image", "number", "caption", "says", "table")  # of fig.<id> and tab.<id>
_ATTRIBUTE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")  # never a dunder, never private
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
OPENERS = ("{{", "{%", "{#")
EXCERPT = 80


def environment(**options) -> ImmutableSandboxedEnvironment:
    """The one Jinja environment tags are filled in: sandboxed, strict, no globals, documented filters only."""
    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, **options)
    env.globals.clear()
    env.filters = {name: env.filters[name] for name in FILTERS}
    env.tests = {name: env.tests[name] for name in TESTS}
    return env


_PARSER = environment()


def quoted(tag: str) -> str:
    """A tag as a message quotes it: whole if short, else its first characters."""
    tag = " ".join(tag.split())
    return f'"{tag}"' if len(tag) <= EXCERPT else f'"{tag[:EXCERPT - 1]}…"'


def typed_problems(text: str, functions: dict[str, tuple[str, ...]] = TYPED_FUNCTIONS) -> list[str]:
    """Why each tag in text someone typed is refused (none: every tag is a documented one). Only `{{ }}` tags,
    each a documented function with literal arguments or a documented variable."""
    if not any(o in text for o in OPENERS):
        return []
    out = []
    for tag in TAG.findall(text):
        if not tag.startswith("{{"):
            out.append(f"the tag {quoted(tag)} is a block or comment, which typed text may not hold")
            continue
        try:
            tree = _PARSER.parse(tag)
        except TemplateSyntaxError as exc:
            out.append(f"the tag {quoted(tag)} cannot be read ({exc.message})")
            continue
        reason = next(_typed(tree, functions), None)
        if reason:
            out.append(f"the tag {quoted(tag)} {reason}")
    rest = TAG.sub("", text)
    if any(o in rest for o in OPENERS):
        out.append(f"a tag is not closed: {quoted(rest[min(rest.find(o) for o in OPENERS if o in rest):])}")
    return out


def _typed(tree: nodes.Template, functions: dict[str, tuple[str, ...]]):
    """Reasons a parsed typed tag is not in the language."""
    for output in tree.body:
        for node in output.nodes if isinstance(output, nodes.Output) else [output]:
            if isinstance(node, nodes.TemplateData):
                continue
            if isinstance(node, nodes.Name) and node.name in TYPED_VARIABLES:
                continue
            if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Name):
                yield from _call(node, functions)
                continue
            yield _unknown(node, functions)


def _call(node: nodes.Call, functions: dict[str, tuple[str, ...]]):
    name = node.node.name
    if name not in functions:
        yield f"calls '{name}', which is not a tag function (tags: {', '.join(functions)})"
        return
    if node.dyn_args is not None or node.dyn_kwargs is not None:
        yield "passes arguments with * or **, which tags do not take"
    for arg in [*node.args, *(k.value for k in node.kwargs)]:
        if not _literal(arg):
            yield f"passes {_what(arg)} to {name}(), which takes only literal text and numbers"
    for keyword in node.kwargs:
        if keyword.key not in functions[name]:
            yield f"passes {keyword.key}= to {name}(), which takes only {', '.join(functions[name])}"


def _literal(node) -> bool:
    return isinstance(node, nodes.Const) and isinstance(node.value, (str, int, float)) and not isinstance(
        node.value, bool) or (isinstance(node, nodes.Neg) and _literal(node.node))


def _what(node) -> str:
    """How a message names an expression that is not allowed where it is."""
    kinds = {nodes.Getattr: "an attribute", nodes.Getitem: "a subscript", nodes.Filter: "a filter",
             nodes.Call: "a call", nodes.Name: "a name", nodes.Const: "a constant"}
    return next((f"{kind} ({_name(node)})" if _name(node) else kind for cls, kind in kinds.items()
                 if isinstance(node, cls)), "an expression")


def _name(node) -> str:
    return getattr(node, "attr", None) or getattr(node, "name", None) or ""


def _unknown(node, functions) -> str:
    if isinstance(node, nodes.Name):
        return f"names '{node.name}', which is not a tag (tags: {', '.join((*functions, *TYPED_VARIABLES))})"
    if isinstance(node, nodes.Filter):
        return f"uses the filter '{node.name}', which typed text may not use"
    if isinstance(node, nodes.Getattr):
        return f"reads an attribute ('{node.attr}'), which typed text may not do"
    if isinstance(node, nodes.Getitem):
        return "uses a subscript ([…]), which typed text may not do"
    if isinstance(node, nodes.Call):
        return f"calls {_what(node.node)}, not a tag function ({', '.join(functions)})"
    return f"is {_what(node)}, not a tag function called with literal text and numbers"


EXPRESSIONS = (nodes.Const, nodes.TemplateData, nodes.CondExpr, nodes.And, nodes.Or, nodes.Not, nodes.Compare,
               nodes.Operand, nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.Neg, nodes.Pos, nodes.Concat,
               nodes.Tuple, nodes.List, nodes.Keyword)


REGISTRIES = ("fig", "tab")  # fig.<id>.<attribute>: the ids are checked against the declarations elsewhere


def template_problems(tree: nodes.Template):
    """(line, the offending node's name, why) for each part of the template's tree outside the language.
    Loop variables are names too, within their loop; `loop` is Jinja's own counter."""
    yield from _template(tree.body, set(TEMPLATE_VARIABLES) | {"loop"})


def _template(body, names: set[str]):
    for node in body:
        if isinstance(node, nodes.For):
            if node.recursive:
                yield node.lineno, "for", "is a recursive loop, which the template does not need"
            yield from _expression(node.iter, names)
            inner = names | {n.name for n in [node.target, *node.target.find_all(nodes.Name)]
                             if isinstance(n, nodes.Name)}
            yield from _template(node.body, inner)
            yield from _template(node.else_, names)
            if node.test is not None:
                yield from _expression(node.test, inner)
        elif isinstance(node, nodes.If):
            yield from _expression(node.test, names)
            for branch in node.elif_:
                yield from _template([branch], names)
            yield from _template(node.body, names)
            yield from _template(node.else_, names)
        elif isinstance(node, nodes.Output):
            for child in node.nodes:
                yield from _expression(child, names)
        else:
            yield node.lineno, type(node).__name__.lower(), (
                f"is a {{% {type(node).__name__.lower()} %}} block, which the template may not use "
                "(only for and if)")


def _expression(node, names: set[str]):
    if isinstance(node, nodes.Name):
        if node.name not in names:
            yield node.lineno, node.name, f"names '{node.name}', which the report does not offer"
        return
    if isinstance(node, nodes.Getattr):
        if not _ATTRIBUTE.match(node.attr):
            yield node.lineno, node.attr, f"reads the attribute '{node.attr}', which no tag may read"
            return
        root = node.node
        if isinstance(root, nodes.Getattr) and isinstance(root.node, nodes.Name) and root.node.name in REGISTRIES:
            if node.attr not in ITEM_ATTRIBUTES:
                yield node.lineno, node.attr, (f"reads '{node.attr}' of {root.node.name}.{root.attr}, which has "
                                               f"only {', '.join(ITEM_ATTRIBUTES)}")
        yield from _expression(root, names)
        return
    if isinstance(node, nodes.Getitem):
        if not (isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, int)):
            yield node.lineno, "[…]", "uses a subscript that is not a whole number"
        yield from _expression(node.node, names)
        return
    if isinstance(node, nodes.Filter):
        if node.name not in FILTERS:
            yield node.lineno, node.name, f"uses the filter '{node.name}' (filters: {', '.join(FILTERS)})"
    elif isinstance(node, nodes.Test):
        if node.name not in TESTS:
            yield node.lineno, node.name, f"uses the test 'is {node.name}' (tests: {', '.join(TESTS)})"
    elif isinstance(node, nodes.Call):
        if not (isinstance(node.node, nodes.Name) and node.node.name in TEMPLATE_FUNCTIONS):
            yield node.lineno, _name(node.node), f"calls {_what(node.node)}, which is not a tag function"
            return
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            yield node.lineno, node.node.name, "passes arguments with * or **, which tags do not take"
            return
    elif not isinstance(node, EXPRESSIONS):
        yield node.lineno, type(node).__name__, f"is {_what(node)}, which the template may not use"
        return
    for child in node.iter_child_nodes():
        if not (isinstance(node, nodes.Call) and child is node.node):  # the function's name, checked above
            yield from _expression(child, names)
