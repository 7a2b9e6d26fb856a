"""Lecture 08 (满意度与忠诚度测量): the exercises the notebook shows."""

from .design import MeasurementDesign
from .drivers import DriverAnalysis
from .score import ScoreCalculator
from .segments import SegmentsCompared
from .voice import CustomerVoice

__all__ = ["CustomerVoice", "DriverAnalysis", "MeasurementDesign", "ScoreCalculator", "SegmentsCompared"]
