Attribute VB_Name = "Tracker"
' CHMT Tracker ribbon tab: one Sub per button of customUI14.xml (its onAction).
' Each runs one function of the Python module xl_tracker.excel through xlwings
' (the xlwings module of this workbook), with the Python named on the hidden
' xlwings.conf sheet. When Excel cannot start Python at all (run-time error 70
' where Microsoft Defender blocks Office from starting programs, or any other
' error of RunPython itself), RunTracker, the one handler every button goes
' through, has ExplainFailure say so and give the command line that works
' without the buttons. This file is the only source of this module:
' the workbook's VBA project is built from macros/ by `xl-tracker new PATH.xlsm`.
' Edit it here, not in the VBA editor.
Option Explicit

Public Sub TrackerValidate(control As IRibbonControl)
    RunTracker "import xl_tracker.excel; xl_tracker.excel.validate()"
End Sub

Public Sub TrackerRefresh(control As IRibbonControl)
    RunTracker "import xl_tracker.excel; xl_tracker.excel.refresh()"
End Sub

Public Sub TrackerReports(control As IRibbonControl)
    RunTracker "import xl_tracker.excel; xl_tracker.excel.reports()"
End Sub

Public Sub TrackerOpenReportsFolder(control As IRibbonControl)
    RunTracker "import xl_tracker.excel; xl_tracker.excel.open_reports_folder()"
End Sub

Public Sub TrackerUpgrade(control As IRibbonControl)
    RunTracker "import xl_tracker.excel; xl_tracker.excel.upgrade()"
End Sub

Public Sub TrackerForms(control As IRibbonControl)
    RunTracker "import xl_tracker.excel; xl_tracker.excel.forms()"
End Sub

Public Sub TrackerHelp(control As IRibbonControl)
    RunTracker "import xl_tracker.excel; xl_tracker.excel.show_help()"
End Sub

Private Sub RunTracker(pythonCode As String)
    ' The one error handler of every button: an error of RunPython itself is explained, never left to VBA's dialog.
    On Error GoTo Failed
    RunPython pythonCode
    Exit Sub
Failed:
    ExplainFailure Err.Number, Err.Description
End Sub

Private Sub ExplainFailure(number As Long, description As String)
    Dim why As String
    If number = 70 Then
        why = "This PC does not let Office start programs (run-time error 70: " & description & "). " & _
              "Microsoft Defender's rule 'Block all Office applications from creating child processes' does this: " & _
              "ask IT for an exclusion."
    Else
        why = "Excel could not start Python (error " & number & ": " & description & "). " & _
              "Run xl-tracker doctor in a Command Prompt and follow what it prints."
    End If
    MsgBox why & vbNewLine & vbNewLine & _
           "Without the buttons: save and close this workbook, then in a Command Prompt in its folder run" & vbNewLine & _
           "    xl-tracker refresh """ & ThisWorkbook.Name & """" & vbNewLine & _
           "and open it again.", vbExclamation, "CHMT Tracker"
End Sub
