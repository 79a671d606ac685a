"""The tumour-board PDF, laid out from the form specification and its field roles."""

from desktop_app.report.case_summary import CONFIDENTIAL, render_case_summary

__all__ = ["CONFIDENTIAL", "render_case_summary"]
