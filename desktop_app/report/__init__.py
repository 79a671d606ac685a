"""PDF reports, laid out from the form specification: the case summary."""

from desktop_app.report.case_summary import render_case_summary

__all__ = ["render_case_summary"]
