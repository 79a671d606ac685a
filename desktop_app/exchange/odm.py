"""CDISC ODM 1.3.2: the study metadata, the clinical data and its audit records in one file.

What OpenClinica/LibreClinica, Castor and most EDC systems read. From the specification:
  - one StudyEvent ("CASE"); one FormDef per form (tab); each form's own fields are a
    non-repeating ItemGroup, each repeating group a repeating ItemGroup of that form
    (an entry's ItemGroupRepeatKey is its entry id, so a `ref` keeps its target);
  - one ItemDef per field (its label as the Question, its unit as a MeasurementUnit, its
    limits as RangeChecks) and one CodeList per vocabulary, code and label;
  - one SubjectData per case (SubjectKey: the case number), every stored value as ItemData,
    each with the AuditRecord of the save that last set it (who, where, when in UTC, why).
Values keep our canonical text ("as reported": a partial date, an offset "+6m", a
qualified number "~70", multichoice codes joined by "|"), so such fields are DataType text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop_app import __version__
from desktop_app.exchange.layout import case_number, layout_of
from desktop_app.exchange.writers import replacing
from desktop_app.record import CASE_SCOPE, CaseRecord, GroupEntry, ItemKey
from desktop_app.spec.model import FieldSpec, FormSpec, Spec

NS = "http://www.cdisc.org/ns/odm/v1.3"
STUDY_OID = "S.CASE_ABSTRACTOR"
EVENT_OID = "SE.CASE"
LOCATION_OID = "LOC.WORKSTATION"
REPEAT_KEY = "ItemGroupRepeatKey"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
AuditTrail = list[dict[str, Any]]


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, _q(tag), {k: v for k, v in attrs.items() if v != ""})
    if text is not None:
        element.text = text
    return element


def _translated(parent: ET.Element, tag: str, text: str) -> None:
    _sub(_sub(parent, tag), "TranslatedText", text, **{XML_LANG: "en"})


def form_oid(form: FormSpec) -> str:
    return f"F.{form.id.upper()}"


def group_oid(form: FormSpec, group: str) -> str:
    """IG.FORM for a form's own fields, IG.FORM.GROUP for a group (a form and a group may
    share an id: the treatment form holds the treatment group)."""
    return ".".join(["IG", form.id.upper(), *([group.upper()] if group else [])])


def item_oid(form: FormSpec, field: FieldSpec) -> str:
    scope = [form.id.upper(), *([field.group.upper()] if field.group else [])]
    return ".".join(["I", *scope, field.id.upper()])


def data_type(field: FieldSpec) -> str:
    if field.type == "integer" and not field.qualified:
        return "integer"
    if field.type == "decimal" and not field.qualified:
        return "float"
    if field.type == "boolean":
        return "boolean"
    if field.type == "ref":
        return "integer"
    return "text"


def _kept(spec: Spec, fields: Iterable[FieldSpec], deidentified: bool) -> list[FieldSpec]:
    number_field = spec.summary_field("case_number")
    return [f for f in fields if f is not number_field and not (deidentified and f.phi)]


def _metadata(study: ET.Element, spec: Spec, deidentified: bool) -> None:
    units = sorted({f.unit for f in spec.all_fields() if f.unit})
    if units:
        basic = _sub(study, "BasicDefinitions")
        for unit in units:
            _translated(_sub(basic, "MeasurementUnit", OID=_unit_oid(unit), Name=unit),
                        "Symbol", unit)  # fmt: skip
    mdv = _sub(study, "MetaDataVersion", OID=f"MDV.{spec.version or '1'}",
               Name=f"Case Abstractor forms {spec.version}".strip())  # fmt: skip
    protocol = _sub(mdv, "Protocol")
    _sub(protocol, "StudyEventRef", StudyEventOID=EVENT_OID, OrderNumber="1", Mandatory="Yes")
    event = _sub(mdv, "StudyEventDef", OID=EVENT_OID, Name="Case", Repeating="No", Type="Common")
    for number, form in enumerate(spec.forms, start=1):
        _sub(event, "FormRef", FormOID=form_oid(form), OrderNumber=str(number), Mandatory="No")
    for form in spec.forms:
        definition = _sub(mdv, "FormDef", OID=form_oid(form), Name=form.label, Repeating="No")
        _sub(definition, "ItemGroupRef", ItemGroupOID=group_oid(form, ""), Mandatory="No")
        for group in form.groups:
            _sub(definition, "ItemGroupRef", ItemGroupOID=group_oid(form, group.id),
                 Mandatory="No")  # fmt: skip
    vocabularies: list[str] = []
    items: list[tuple[FormSpec, FieldSpec]] = []
    for form in spec.forms:
        scopes = [("", form.label, False, form.fields)]
        scopes += [(g.id, g.label, True, g.fields) for g in form.groups]
        for group_id, label, repeating, fields in scopes:
            definition = _sub(mdv, "ItemGroupDef", OID=group_oid(form, group_id), Name=label,
                              Repeating="Yes" if repeating else "No")  # fmt: skip
            for order, field in enumerate(_kept(spec, fields, deidentified), start=1):
                mandatory = "Yes" if field.required else "No"
                _sub(definition, "ItemRef", ItemOID=item_oid(form, field),
                     OrderNumber=str(order), Mandatory=mandatory)  # fmt: skip
                items.append((form, field))
                if field.vocabulary and field.vocabulary not in vocabularies:
                    vocabularies.append(field.vocabulary)
    for form, field in items:
        _item_def(mdv, form, field)
    for vocabulary_id in vocabularies:
        vocabulary = spec.vocabulary(vocabulary_id)
        code_list = _sub(mdv, "CodeList", OID=f"CL.{vocabulary_id.upper()}",
                         Name=vocabulary.label, DataType="text")  # fmt: skip
        if vocabulary.source:
            _translated(code_list, "Description", vocabulary.source)
        for term in vocabulary.terms:
            _translated(_sub(code_list, "CodeListItem", CodedValue=term.code), "Decode", term.label)


def _unit_oid(unit: str) -> str:
    return "MU." + "".join(c if c.isalnum() else "_" for c in unit.upper())


def _item_def(mdv: ET.Element, form: FormSpec, field: FieldSpec) -> None:
    attrs = {"OID": item_oid(form, field), "Name": field.id, "DataType": data_type(field)}
    if field.max_length and field.type in ("text", "longtext"):
        attrs["Length"] = str(field.max_length)
    definition = _sub(mdv, "ItemDef", **attrs)
    if field.help:
        _translated(definition, "Description", field.help)
    _translated(definition, "Question", field.label)
    if field.unit:
        _sub(definition, "MeasurementUnitRef", MeasurementUnitOID=_unit_oid(field.unit))
    if data_type(field) in ("integer", "float"):
        for comparator, limit in (("GE", field.min), ("LE", field.max)):
            if limit is not None:
                check = _sub(definition, "RangeCheck", Comparator=comparator, SoftHard="Soft")
                _sub(check, "CheckValue", f"{limit:g}")
    if field.vocabulary:
        _sub(definition, "CodeListRef", CodeListOID=f"CL.{field.vocabulary.upper()}")


def _timestamp(at_utc: str) -> str:
    """Our UTC text as xs:dateTime."""
    text = (at_utc or "").strip().replace(" ", "T")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        moment = datetime(1970, 1, 1, tzinfo=UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _user_oid(name: str) -> str:
    return "USR." + ("".join(c if c.isalnum() else "_" for c in name) or "UNKNOWN")


def last_changes(trail: AuditTrail) -> dict[ItemKey, dict[str, Any]]:
    """The audit event that last set each item (value added or changed)."""
    last: dict[ItemKey, dict[str, Any]] = {}
    for event in trail:
        if event.get("action") in ("value_added", "value_changed"):
            last[(event["group_id"], event["entry_id"], event["field_id"])] = event
    return last


def _who(event: dict[str, Any], deidentified: bool) -> str:
    """The user who saved an event; nobody in a de-identified file, whatever it was given."""
    return "" if deidentified else str(event.get("user_name") or "")


def _audit(parent: ET.Element, event: dict[str, Any] | None, deidentified: bool) -> None:
    if event is None:
        return
    record = _sub(parent, "AuditRecord")
    _sub(record, "UserRef", UserOID=_user_oid(_who(event, deidentified)))
    _sub(record, "LocationRef", LocationOID=LOCATION_OID)
    _sub(record, "DateTimeStamp", _timestamp(event.get("at_utc") or ""))
    if event.get("reason") and not deidentified:  # the why may name a patient
        _sub(record, "ReasonForChange", event["reason"])


def _item_group(parent: ET.Element, spec: Spec, form: FormSpec, group: str,
                entry: GroupEntry | None, values: dict[str, str],
                changes: dict[ItemKey, dict[str, Any]], deidentified: bool) -> None:  # fmt: skip
    fields = form.fields if not group else spec.group(group).fields
    kept = [(f, values.get(f.id, "")) for f in _kept(spec, fields, deidentified)]
    kept = [(f, v) for f, v in kept if v]
    if not kept:
        return
    attrs = {"ItemGroupOID": group_oid(form, group)}
    if entry is not None:
        attrs[REPEAT_KEY] = str(entry.entry_id)
    data = _sub(parent, "ItemGroupData", **attrs)
    entry_id = entry.entry_id if entry is not None else 0
    for field, value in kept:
        item = _sub(data, "ItemData", ItemOID=item_oid(form, field), Value=value)
        _audit(item, changes.get((group, entry_id, field.id)), deidentified)


def build(
    spec: Spec,
    cases: Iterable[tuple[CaseRecord, AuditTrail]],
    deidentified: bool = False,
) -> ET.ElementTree:
    """The ODM document of these cases (each with its audit trail)."""
    ET.register_namespace("", NS)
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    root = ET.Element(_q("ODM"), {
        "FileType": "Snapshot", "FileOID": f"CASE-ABSTRACTOR.{now}", "CreationDateTime": now,
        "ODMVersion": "1.3.2", "Originator": "Case Abstractor",
        "SourceSystem": "Case Abstractor", "SourceSystemVersion": __version__,
        "Granularity": "All",
    })  # fmt: skip
    study = _sub(root, "Study", OID=STUDY_OID)
    variables = _sub(study, "GlobalVariables")
    _sub(variables, "StudyName", "Case Abstractor registry")
    _sub(variables, "StudyDescription", "Rare-tumour cases abstracted with Case Abstractor"
         + (" (de-identified)" if deidentified else ""))  # fmt: skip
    _sub(variables, "ProtocolName", "Case Abstractor")
    _metadata(study, spec, deidentified)
    layout = layout_of(spec, deidentified)
    users: set[str] = set()
    clinical = ET.Element(_q("ClinicalData"), StudyOID=STUDY_OID,
                          MetaDataVersionOID=f"MDV.{spec.version or '1'}")  # fmt: skip
    for record, trail in cases:
        changes = last_changes(trail)
        users.update(_who(event, deidentified) for event in changes.values())
        subject = _sub(clinical, "SubjectData", SubjectKey=case_number(layout, record))
        event = _sub(subject, "StudyEventData", StudyEventOID=EVENT_OID)
        for form in spec.forms:
            form_data = ET.Element(_q("FormData"), FormOID=form_oid(form))
            _item_group(form_data, spec, form, CASE_SCOPE, None, record.values, changes,
                        deidentified)  # fmt: skip
            for group in form.groups:
                for entry in record.entries(group.id):
                    _item_group(form_data, spec, form, group.id, entry, entry.values, changes,
                                deidentified)  # fmt: skip
            if len(form_data):
                event.append(form_data)
    admin = _sub(root, "AdminData")
    for name in sorted(users):
        user = _sub(admin, "User", OID=_user_oid(name))
        if name and not deidentified:
            _sub(user, "LoginName", name)
    location = _sub(admin, "Location", OID=LOCATION_OID, Name="Registrar workstation")
    _sub(location, "MetaDataVersionRef", StudyOID=STUDY_OID,
         MetaDataVersionOID=f"MDV.{spec.version or '1'}", EffectiveDate=now[:10])  # fmt: skip
    root.append(clinical)
    return ET.ElementTree(root)


def write_odm(
    spec: Spec,
    cases: Iterable[tuple[CaseRecord, AuditTrail]],
    path: Path,
    deidentified: bool = False,
) -> int:
    """Write the ODM file; returns the number of cases."""
    tree = build(spec, cases, deidentified)
    ET.indent(tree, space=" ")
    with replacing(path, "wb") as handle:
        tree.write(handle, encoding="UTF-8", xml_declaration=True)
    root = tree.getroot()
    return 0 if root is None else len(root.findall(f"{_q('ClinicalData')}/{_q('SubjectData')}"))


def read_odm(spec: Spec, path: Path) -> dict[str, CaseRecord]:
    """The cases of an ODM file written by `write_odm` (case number → record)."""
    by_oid: dict[str, FieldSpec] = {}
    group_of: dict[str, str] = {}
    for form in spec.forms:
        group_of[group_oid(form, "")] = CASE_SCOPE
        for group in form.groups:
            group_of[group_oid(form, group.id)] = group.id
        for field in list(form.fields) + [f for g in form.groups for f in g.fields]:
            by_oid[item_oid(form, field)] = field
    found: dict[str, CaseRecord] = {}
    root = ET.parse(path).getroot()
    for subject in root.iter(_q("SubjectData")):
        items: dict[ItemKey, str] = {}
        order: dict[str, list[int]] = {}
        for data in subject.iter(_q("ItemGroupData")):
            scope = group_of[data.attrib["ItemGroupOID"]]
            entry_id = int(data.attrib.get(REPEAT_KEY, "0"))
            if scope:
                order.setdefault(scope, []).append(entry_id)
            for item in data.iter(_q("ItemData")):
                field = by_oid[item.attrib["ItemOID"]]
                items[(scope, entry_id, field.id)] = item.attrib["Value"]
        found[subject.attrib["SubjectKey"]] = CaseRecord.from_items(items, order)
    return found
