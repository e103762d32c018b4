"""Runs liiatools 0.2.0's command line (`python liiatools_asof.py cin-census cleanfile ...`) with its clock
set to LIIATOOLS_AS_OF (YYYY-MM-DD, default 2021-05-01).

liiatools applies a six-year data-retention window measured from today: `cleanfile` refuses a return
more than six collection years old (cin_cli.cleanfile, datetime.now()) and `la-agg` drops rows of such
years from the merged file (lds_cin_la_agg.process.remove_old_data, pd.to_datetime("today")). A fixed
extract therefore goes through liiatools unchanged only for a few years after it was made, so the
round-trip test pins those two clocks instead of moving its extract every year. Nothing else in liiatools
is changed. Runs under the liiatools virtual environment's Python (.build/liiatools-venv)."""
import datetime
import os
import runpy
import sys

import pandas as pd

import liiatools.datasets.cin_census.cin_cli as cin_cli
from liiatools.datasets.cin_census.lds_cin_la_agg import process as la_agg_process

AS_OF = datetime.datetime.strptime(os.environ.get("LIIATOOLS_AS_OF", "2021-05-01"), "%Y-%m-%d")


class _PinnedDatetime(datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        return AS_OF


class _PandasWithPinnedToday:
    """pandas, except that to_datetime("today") is AS_OF."""

    def __getattr__(self, name):
        return getattr(pd, name)

    def to_datetime(self, arg, *args, **kwargs):
        if isinstance(arg, str) and arg == "today":
            return pd.Timestamp(AS_OF)
        return pd.to_datetime(arg, *args, **kwargs)


cin_cli.datetime = _PinnedDatetime
la_agg_process.pd = _PandasWithPinnedToday()

if __name__ == "__main__":
    sys.argv = ["liiatools"] + sys.argv[1:]
    runpy.run_module("liiatools", run_name="__main__", alter_sys=True)
