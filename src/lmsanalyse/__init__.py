"""lmsanalyse: reproducible re-run of NK LMH's 2014/2015 kartlegging of kommunale
lærings- og mestringstjenester (LMS)."""

__version__ = "0.1.0"
