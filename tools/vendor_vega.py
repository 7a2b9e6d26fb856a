"""Write the Vega bundle the course's pages draw charts with: ``python tools/vendor_vega.py``.

The bundle (Vega, Vega-Lite, vega-embed with vega-tooltip; BSD-3-Clause, lodash.debounce MIT)
comes from the vl-convert wheel, which ships them, so nothing is fetched from a CDN, at build
time or at run time. It is served once per browser as a static file of the ``cx`` Voila template
(``voila/templates/cx/static/vega.js?v=<content hash>``, cached by the browser across pages).
``tests/unit/test_vega_bundle.py`` fails when the committed file and the installed vl-convert
disagree; run this script after upgrading vl-convert.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET = REPO / "share" / "jupyter" / "voila" / "templates" / "cx" / "static" / "vega.js"
sys.path.insert(0, str(REPO))


def bundle() -> str:
    """The text the vendored file must hold for the installed vl-convert."""
    import vl_convert as vlc

    from cxwidgets.charts import VEGALITE_VERSION

    header = (
        f"/* Vega, Vega-Lite {VEGALITE_VERSION} and vega-embed, bundled by vl-convert "
        f"{vlc.__version__} (tools/vendor_vega.py). BSD-3-Clause; lodash.debounce MIT. */\n"
    )
    return header + vlc.javascript_bundle(vl_version=f"v{VEGALITE_VERSION}") + "\n"


def main() -> None:
    TARGET.write_text(bundle(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(REPO)} ({TARGET.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
