"""The certificate as PDF (fpdf2), in the learner's language.

fpdf2's core fonts (Helvetica) hold Windows-1252: the accents of Spanish and French and the
trademark sign of the AMA's designation. A character outside it (a name in another script) is
printed as "?" rather than failing; the verification page shows the name as stored.
"""
from __future__ import annotations

from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.numbers import format_decimal
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from fpdf import FPDF

from echo.core.links import external_url
from echo.credit.models import CreditAward

ENCODING = "windows-1252"


def _fit(text: str) -> str:
    return text.encode(ENCODING, errors="replace").decode(ENCODING)


def certificate_pdf(award: CreditAward, language: str = "en") -> bytes:
    with force_locale(language):
        locale = get_locale()
        lang = locale.language if locale is not None else "en"
        day = award.session_starts_at.astimezone(ZoneInfo(award.session_timezone)).date()
        when = format_date(day, "long", locale=lang)
        verify = external_url("credit.verify_code", code=award.display_code)
        lines = {
            "title": award.credit_type.label if award.credit_type.value == "participation" else _("Certificate of credit"),
            "certify": _("This certifies that"),
            "attended": _("attended the %(program)s session of %(date)s", program=award.program_name, date=when),
            "earned": _("Credit awarded: %(credit)s, %(hours)s hours.", credit=award.credit_type.label,
                        hours=format_decimal(award.hours, locale=lang)),
            "code": _("Verification code: %(code)s", code=award.display_code),
            "check": _("Anyone may check this certificate at %(url)s", url=verify),
        }
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.core_fonts_encoding = ENCODING
    # Uncompressed: one page of text is small, and the name stays searchable in the file.
    pdf.set_compression(False)
    pdf.set_title(_fit(lines["title"]))
    pdf.set_author(_fit(award.program_name))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(40, 70, 110)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, 277, 190)
    width = 257
    pdf.set_xy(20, 35)
    pdf.set_font("Helvetica", "B", 28)
    pdf.multi_cell(width, 14, _fit(lines["title"]), align="C")
    pdf.ln(8)
    pdf.set_font("Helvetica", "", 14)
    pdf.set_x(20)
    pdf.multi_cell(width, 8, _fit(lines["certify"]), align="C")
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 24)
    pdf.set_x(20)
    pdf.multi_cell(width, 12, _fit(award.learner_name), align="C")
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 14)
    pdf.set_x(20)
    pdf.multi_cell(width, 8, _fit(lines["attended"]), align="C")
    pdf.ln(2)
    pdf.set_x(20)
    pdf.multi_cell(width, 8, _fit(lines["earned"]), align="C")
    pdf.set_xy(20, 170)
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(width, 6, _fit(lines["code"]), align="C")
    pdf.set_x(20)
    pdf.multi_cell(width, 6, _fit(lines["check"]), align="C")
    return bytes(pdf.output())
