"""The data format as JSON Schema, for editors (yaml-language-server) and for reference."""

from __future__ import annotations

import json

from .load import UNITS
from .schema import YearData


def schema_text() -> str:
    schema = YearData.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "reportgen 年度数据（data/<年度>/*.yaml 合并后的内容）"
    # Each file holds only some sections, and may declare its unit: nothing is required
    # file-by-file, and 金额单位 is allowed at the top of every file.
    schema["required"] = []
    schema["properties"]["金额单位"] = {"enum": list(UNITS), "description": "本文件金额的单位，默认万元"}
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
