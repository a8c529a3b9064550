"""Filling a DOCX template (заполнение шаблона) with docxtpl, errors in Russian.

The template is Jinja2 inside the document's XML (docxtpl). The environment is
strict — an unknown field is an error, never an empty gap — and autoescapes
(register text such as ``A & B <C>`` is XML-escaped). Field values are data:
they are inserted once and never parsed as template text, so a client called
``{{ 7*7 }}`` stays ``{{ 7*7 }}``.

Lines. docxtpl puts each paragraph of the document on its own line before
Jinja2 reads it, so a Jinja2 line number is the paragraph's number in the
document (table cells included) plus one. Errors name it as «строка N» with
the paragraph's text, which the operator finds with Ctrl+F in Word.
"""

import functools
import io
import re
import traceback

import jinja2

from ..errors import UserError
from .fields import MissingField, SOURCES, UnknownField, describe, wrap

_TAG = re.compile(r'<[^>]+>')


class TemplateProblem(UserError):
    """The template itself is broken (syntax, unknown field): no client can be served by it."""


class FieldMissing(UserError):
    """A field the template prints is empty for this client: fix the register (or settings)."""


#: Jinja2's commonest syntax messages, in Russian (the original follows in parentheses).
_SYNTAX_RU = (
    (r"unexpected '\}'", 'лишняя или непарная «}»'),
    (r"unexpected end of template", 'шаблон кончился, а команда не закрыта (нет {% endif %} или {% endfor %}?)'),
    (r"Encountered unknown tag '([^']+)'", 'неизвестная команда «\\1»'),
    (r"unexpected char", 'недопустимый символ в поле'),
    (r"expected token", 'поле или команда записаны неверно'),
)


def _syntax_ru(message):
    for pattern, text in _SYNTAX_RU:
        m = re.search(pattern, message or '')
        if m:
            return '%s (%s)' % (m.expand(text), message)
    return message


class _Environment(jinja2.Environment):
    """docxtpl compiles every XML part of every document again; a batch fills a few templates for many
    clients, so the compiled parts are kept (a template with an error is compiled, and fails, every time)."""

    @functools.lru_cache(maxsize=64)
    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 - Jinja2's name
        return super().from_string(source, globals, template_class)


ENVIRONMENT = _Environment(undefined=jinja2.StrictUndefined, autoescape=True)


def _paragraph(source_lines, lineno):
    """``(paragraph number, its text)`` of Jinja2 line *lineno* of the prepared XML."""
    if not lineno or lineno > len(source_lines):
        return None, ''
    text = ' '.join(_TAG.sub('', source_lines[lineno - 1]).split())
    return max(lineno - 1, 1), text[:80]


def _where(name, lines, lineno):
    number, text = _paragraph(lines, lineno)
    if number is None:
        return 'шаблон «%s»' % name
    return 'шаблон «%s», строка %d%s' % (name, number, ' («%s»)' % text if text else '')


def _template_line(exc):
    """The template line an exception was raised at (Jinja2 rewrites tracebacks to template lines)."""
    line = None
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if frame.f_code.co_filename == '<template>':
            line = lineno
    return line


class _Template:
    """docxtpl's DocxTemplate that remembers the XML it gave Jinja2 (for line numbers)."""

    def __init__(self, path):
        from docxtpl import DocxTemplate

        class Tpl(DocxTemplate):
            def render_xml_part(inner, src_xml, part, context, jinja_env=None):
                # the same split docxtpl does first, kept for error messages
                self.lines = re.sub(r'<w:p([ >])', r'\n<w:p\1', src_xml).split('\n')
                return super().render_xml_part(src_xml, part, context, jinja_env)
        self.lines = []
        self.doc = Tpl(str(path))


_USES = {}


def uses_field(path, field):
    """Whether the DOCX template at *path* prints *field* (e.g. ``doc.number``) anywhere.

    Cached by file size and time: a batch looks at every template once.
    """
    import os
    import zipfile
    st = os.stat(path)
    key = (str(path), st.st_size, st.st_mtime_ns, field)
    if key not in _USES:
        pattern = re.compile(r'\{\{[^}]*\b' + re.escape(field) + r'\b')
        last = field.rsplit('.', 1)[-1].encode()
        with zipfile.ZipFile(path) as z:
            parts = (z.read(n) for n in z.namelist() if n.startswith('word/') and n.endswith('.xml'))
            _USES[key] = any(last in raw and pattern.search(_TAG.sub('', raw.decode('utf-8'))) for raw in parts)
    return _USES[key]


def render(path, name, data, who):
    """The DOCX bytes of template *name* (file *path*) filled with plain *data*.

    *who* names the client in messages («клиент 00017 ООО «Альфа»»). Raises
    :class:`TemplateProblem` (bad syntax, unknown field: naming the template and
    the line) or :class:`FieldMissing` (an empty requisite: naming the template,
    the field and the client).
    """
    try:
        tpl = _Template(path)
        tpl.doc.init_docx()
    except Exception as exc:    # not a DOCX at all (a renamed .doc, a damaged file)
        raise TemplateProblem('шаблон «%s» (%s): не удалось открыть как документ DOCX: %s' % (name, path, exc))
    try:
        tpl.doc.render(wrap(data), jinja_env=ENVIRONMENT, autoescape=True)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateProblem('%s: ошибка в записи поля или команды шаблона: %s'
                              % (_where(name, tpl.lines, exc.lineno), _syntax_ru(exc.message)))
    except MissingField as exc:
        field = exc.args[0]
        source = SOURCES.get(re.sub(r'\d+$', '', field.split('.')[0]), 'данных')
        raise FieldMissing('%s: не заполнено поле %s у клиента %s — заполните его в %s; документ не создан'
                           % (_where(name, tpl.lines, _template_line(exc)), describe(field), who, source))
    except UnknownField as exc:
        raise TemplateProblem('%s: неизвестное поле «%s» (список полей — в docs/paper.md)'
                              % (_where(name, tpl.lines, _template_line(exc)), exc.args[0]))
    except jinja2.UndefinedError as exc:
        raise TemplateProblem('%s: неизвестное поле или переменная (%s); список полей — в docs/paper.md'
                              % (_where(name, tpl.lines, _template_line(exc)), exc.message))
    except jinja2.TemplateError as exc:
        raise TemplateProblem('%s: ошибка шаблона: %s' % (_where(name, tpl.lines, _template_line(exc)), exc))
    except (TypeError, ValueError, AttributeError) as exc:
        raise TemplateProblem('%s: ошибка при заполнении: %s' % (_where(name, tpl.lines, _template_line(exc)), exc))
    out = io.BytesIO()
    tpl.doc.save(out)
    return out.getvalue()
