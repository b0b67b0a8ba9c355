"""Minifying the toolbar's JavaScript as it is served, and checking the result.

``rjsmin`` removes comments and the whitespace the grammar does not need.  It is a regular
expression minifier, not a parser, and one of its limits matters here: text inside a template
literal nested in another template's ``${…}`` loses its spaces.  So every minified file is
checked: :func:`tokens` splits source and result into the same tokens (strings, template
pieces, regular expressions, words, punctuators; comments and whitespace dropped), and a file
whose tokens differ is served as written, with a warning in the log.
"""

from __future__ import annotations

import logging
import re

import rjsmin

log = logging.getLogger(__name__)

#: named in the log when a file is served as written
MINIFIER = f"rjsmin {rjsmin.__version__}"

# longest first, so that ``a+ +b`` and ``a++b`` give different tokens
_PUNCTUATORS = sorted(
    """>>>= ... === !== **= <<= >>= >>> &&= ||= ??= => == != <= >= && || ?? ?. ++ -- += -= *=
    /= %= &= |= ^= ** << >> { } ( ) [ ] ; , < > + - * / % & | ^ ! ~ ? : = . @ #""".split(),  # noqa: SIM905
    key=len,
    reverse=True,
)
_PUNCT = re.compile("|".join(re.escape(p) for p in _PUNCTUATORS))
_WORD = re.compile(r"[\w$\\]+")  # identifiers, keywords and numbers (``1e`` ``-`` ``5`` is fine)
_SPACE = re.compile(r"\s+")
_STRING = re.compile(r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*\"""", re.S)
_TEMPLATE_PIECE = re.compile(r"(?:[^`\\$]|\\.|\$(?!\{))*(?:`|\$\{)", re.S)
_REGEX = re.compile(r"/(?:[^/\\\[\n]|\\.|\[(?:[^\]\\\n]|\\.)*\])+/[a-z]*")
# after these words a ``/`` starts a regular expression, after other words it divides
_REGEX_AFTER_WORD = frozenset(
    "return typeof case do else in of new delete void throw instanceof yield await".split()  # noqa: SIM905
)


class LexError(ValueError):
    """The text is not JavaScript this lexer can follow (an unclosed string, say)."""


def tokens(source: str) -> list[str]:
    """The tokens of an ES module's source, without comments and whitespace.

    Enough of a lexer to compare a file with its minified form: template literals are
    followed through nested ``${…}`` (each piece of template text is one token), and a ``/``
    is a regular expression where the token before it cannot end an operand.
    """
    out: list[str] = []
    # one entry per open ``${``: the depth of ``{`` inside that expression
    templates: list[int] = []
    i, n = 0, len(source)
    while i < n:
        c = source[i]
        if m := _SPACE.match(source, i):
            i = m.end()
            continue
        if source.startswith("//", i):
            end = source.find("\n", i)
            i = n if end < 0 else end
            continue
        if source.startswith("/*", i):
            end = source.find("*/", i + 2)
            if end < 0:
                raise LexError(f"unclosed comment at {i}")
            i = end + 2
            continue
        if c == "`" or (c == "}" and templates and templates[-1] == 0):
            if c == "}":
                templates.pop()
            m = _TEMPLATE_PIECE.match(source, i + 1)
            if not m:
                raise LexError(f"unclosed template literal at {i}")
            out.append("T" + source[i : m.end()])
            if m.group().endswith("${"):
                templates.append(0)
            i = m.end()
            continue
        if c in "'\"":
            m = _STRING.match(source, i)
            if not m:
                raise LexError(f"unclosed string at {i}")
            out.append("S" + m.group())
            i = m.end()
            continue
        if c == "/" and _regex_may_start(out):
            m = _REGEX.match(source, i)
            if not m:
                raise LexError(f"unclosed regular expression at {i}")
            out.append("R" + m.group())
            i = m.end()
            continue
        if m := _WORD.match(source, i):
            out.append("W" + m.group())
            i = m.end()
            continue
        if m := _PUNCT.match(source, i):
            p = m.group()
            if templates and p == "{":
                templates[-1] += 1
            elif templates and p == "}":
                templates[-1] -= 1
            out.append("P" + p)
            i = m.end()
            continue
        raise LexError(f"unexpected {c!r} at {i}")
    if templates:
        raise LexError("unclosed template literal")
    return out


def _regex_may_start(previous: list[str]) -> bool:
    if not previous:
        return True
    last = previous[-1]
    if last[0] == "W":
        return last[1:] in _REGEX_AFTER_WORD
    if last[0] == "P":
        return last[1:] not in {")", "]", "}"}
    return False  # after a string, template or regular expression: division


def minify_js(source: str, name: str = "<script>") -> str:
    """``source`` minified, or ``source`` itself where the minified text is not the same program."""
    result: str = rjsmin.jsmin(source)
    try:
        same = tokens(source) == tokens(result)
    except LexError as e:
        log.warning("not minifying %s: %s", name, e)
        return source
    if not same:
        log.warning("not minifying %s: %s changed its tokens", name, MINIFIER)
        return source
    return result
