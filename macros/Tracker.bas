Attribute VB_Name = "Tracker"
' CHMT Tracker ribbon tab: one Sub per button of customUI14.xml (its onAction).
' Each runs one function of the Python module xl_tracker.excel through xlwings
' (the xlwings module of this workbook), with the Python named on the hidden
' xlwings.conf sheet. This file is the only source of this module: the
' workbook's VBA project is built from macros/ by `xl-tracker new PATH.xlsm`.
' Edit it here, not in the VBA editor.
Option Explicit

Public Sub TrackerValidate(control As IRibbonControl)
    RunPython "import xl_tracker.excel; xl_tracker.excel.validate()"
End Sub

Public Sub TrackerRefresh(control As IRibbonControl)
    RunPython "import xl_tracker.excel; xl_tracker.excel.refresh()"
End Sub

Public Sub TrackerReports(control As IRibbonControl)
    RunPython "import xl_tracker.excel; xl_tracker.excel.reports()"
End Sub

Public Sub TrackerOpenReportsFolder(control As IRibbonControl)
    RunPython "import xl_tracker.excel; xl_tracker.excel.open_reports_folder()"
End Sub

Public Sub TrackerHelp(control As IRibbonControl)
    RunPython "import xl_tracker.excel; xl_tracker.excel.show_help()"
End Sub
