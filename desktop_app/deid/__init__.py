"""De-identification of free text after HIPAA Safe Harbor: one mechanism for the PDF and
for every export. Plain Python, no Qt, no network, no model.

    scrubber = case_scrubber(spec, record)      # once per case
    scrubbed = scrubber(text)                   # .text, .replacements, .counts()
"""

from desktop_app.deid.case import case_scrubber, index_date, is_free_text, phi_values
from desktop_app.deid.own import OwnValue
from desktop_app.deid.scrub import Replacement, Scrubbed, Scrubber, summary

__all__ = [
    "OwnValue",
    "Replacement",
    "Scrubbed",
    "Scrubber",
    "case_scrubber",
    "index_date",
    "is_free_text",
    "phi_values",
    "summary",
]
