"""Write schemas/record.schema.json from the Pydantic models (`make schema`)."""

import json
import sys
from pathlib import Path

from schemas.record import Record

TARGET = Path(__file__).with_name("record.schema.json")


def render() -> str:
    return json.dumps(Record.model_json_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def main() -> int:
    check = "--check" in sys.argv
    text = render()
    if check:
        if not TARGET.exists() or TARGET.read_text(encoding="utf-8") != text:
            print(f"{TARGET} is out of date: run `make schema`", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
