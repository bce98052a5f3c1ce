"""Live calculators: Lambda pricing, power tuning, cold starts, concurrency and scaling.

Pure functions over Catalog data (the price book, cold-start profiles and model
parameters in the content packs). No price or model number lives in this
package: change the YAML, not the code. Headless on purpose: nothing here
imports Textual.
"""

from __future__ import annotations

from lambdaprep.calc.data import CalcData, CalcError, Param

__all__ = ["CalcData", "CalcError", "Param"]
