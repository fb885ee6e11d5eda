"""OOXML package layer: parts, relationships and the worksheet XML that the rest of the code must not touch directly."""
