; KhaiBao's Windows installer (NSIS 3, built on Linux with Debian's `makensis`).
;
;   makensis -DVERSION=0.1.0 -DEXE=path\to\khaibao.exe -DOUTFILE=KhaiBao-0.1.0-setup.exe \
;            installer/windows/khaibao.nsi
;
; What it does (installer/README.md says what was tried under Wine):
; - per-user install, no administrator rights: the program goes to
;   %LOCALAPPDATA%\Programs\KhaiBao, its registry keys under HKEY_CURRENT_USER;
; - a Start-menu shortcut (and a desktop one, which the finish page offers);
; - the `.khaibao` declaration files open in KhaiBao (a draft is made from the file);
; - an entry in "Apps & features" / "Programs and Features" to uninstall it;
; - the uninstaller keeps the broker's data folder (%APPDATA%\KhaiBao: declarations, settings,
;   simulator) unless asked: it asks, "No" being the default; silently (`/S`) it keeps it unless
;   `/PURGE` is given. Credentials in the Windows Credential Manager are left to the broker.
;
; A 64-bit installer for a 64-bit program (the amd64 stubs Debian ships).

Unicode true
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user

!ifndef VERSION
  !error "-DVERSION=x.y.z is required"
!endif
!ifndef EXE
  !error "-DEXE=path to khaibao.exe is required"
!endif
!ifndef OUTFILE
  !define OUTFILE "KhaiBao-${VERSION}-setup.exe"
!endif
!ifndef ICON
  !define ICON "..\icons\khaibao.ico"
!endif

!define APP "KhaiBao"
!define PUBLISHER "KhaiBao"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\KhaiBao"
!define PROG_ID "KhaiBao.Declaration"
!define EXTENSION ".khaibao"
; Where `directories` puts the data on Windows: %APPDATA%\KhaiBao\khaibao\data (src/appdata.rs).
!define DATA_PARENT "$APPDATA\KhaiBao"

Name "${APP} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\KhaiBao"
InstallDirRegKey HKCU "Software\KhaiBao" "InstallDir"
BrandingText "${APP} ${VERSION}"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "WinVer.nsh"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\khaibao.exe"
!define MUI_FINISHPAGE_SHOWREADME ""
!define MUI_FINISHPAGE_SHOWREADME_NOTCHECKED
!define MUI_FINISHPAGE_SHOWREADME_TEXT "$(DesktopShortcut)"
!define MUI_FINISHPAGE_SHOWREADME_FUNCTION MakeDesktopShortcut

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; Vietnamese first: the installer speaks the language of Windows when it is one of these.
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"
; NSIS speaks Windows' language when it is one of these, else the first: Vietnamese.

LangString DesktopShortcut ${LANG_VIETNAMESE} "Tạo lối tắt trên màn hình nền"
LangString DesktopShortcut ${LANG_ENGLISH} "Create a desktop shortcut"
LangString FileType ${LANG_VIETNAMESE} "Tờ khai hải quan KhaiBao"
LangString FileType ${LANG_ENGLISH} "KhaiBao customs declaration"
LangString AskPurge ${LANG_VIETNAMESE} "Xóa cả dữ liệu của bạn (tờ khai, cài đặt, hệ thống mô phỏng) trong $\r$\n${DATA_PARENT}?$\r$\n$\r$\nMặc định là giữ lại: cài lại KhaiBao sẽ thấy lại mọi tờ khai."
LangString NeedsWindows10 ${LANG_VIETNAMESE} "KhaiBao cần Windows 10 hoặc 11 (64-bit)."
LangString NeedsWindows10 ${LANG_ENGLISH} "KhaiBao needs Windows 10 or 11 (64-bit)."
LangString StillRunning ${LANG_VIETNAMESE} "KhaiBao đang chạy. Hãy đóng KhaiBao rồi bấm Thử lại."
LangString StillRunning ${LANG_ENGLISH} "KhaiBao is running. Close it, then click Retry."
LangString AskPurge ${LANG_ENGLISH} "Also delete your data (declarations, settings, simulator) in$\r$\n${DATA_PARENT}?$\r$\n$\r$\nChoose No to keep it (the default): reinstalling KhaiBao finds every declaration again."

; Windows wants four numbers: a pre-release suffix (0.2.0-rc1) is not one.
!searchparse /noerrors "${VERSION}" "" VERSION_NUMBERS "-"
!ifndef VERSION_NUMBERS
  !define VERSION_NUMBERS "${VERSION}"
!endif
VIProductVersion "${VERSION_NUMBERS}.0"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${APP}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${APP} installer"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "MIT OR Apache-2.0"

Function .onInit
  SetShellVarContext current
  ; Rust programs need Windows 10's ProcessPrng: say so instead of a loader error later.
  ${IfNot} ${AtLeastWin10}
    MessageBox MB_OK|MB_ICONSTOP "$(NeedsWindows10)" /SD IDOK
    Abort
  ${EndIf}
FunctionEnd

; The program's file cannot be replaced or removed while it runs: ask to close it.
!macro WaitUntilClosed UN
Function ${UN}WaitUntilClosed
  retry:
    ClearErrors
    IfFileExists "$INSTDIR\khaibao.exe" 0 done
    FileOpen $0 "$INSTDIR\khaibao.exe" a
    IfErrors 0 close
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(StillRunning)" /SD IDCANCEL IDRETRY retry
    Abort
  close:
    FileClose $0
  done:
FunctionEnd
!macroend
!insertmacro WaitUntilClosed ""
!insertmacro WaitUntilClosed "un."

Function MakeDesktopShortcut
  CreateShortcut "$DESKTOP\${APP}.lnk" "$INSTDIR\khaibao.exe" "" "$INSTDIR\khaibao.ico"
FunctionEnd

Section "KhaiBao" SecMain
  SectionIn RO
  Call WaitUntilClosed
  SetOutPath "$INSTDIR"
  File "/oname=khaibao.exe" "${EXE}"
  File "/oname=khaibao.ico" "${ICON}"
  File "/oname=INSTALL.txt" "..\README.md"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  WriteRegStr HKCU "Software\KhaiBao" "InstallDir" "$INSTDIR"

  ; Start menu (per user).
  CreateShortcut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\khaibao.exe" "" "$INSTDIR\khaibao.ico"

  ; Declaration files (.khaibao, the program's JSON declaration format) open in KhaiBao.
  WriteRegStr HKCU "Software\Classes\${EXTENSION}" "" "${PROG_ID}"
  WriteRegStr HKCU "Software\Classes\${EXTENSION}" "Content Type" "application/vnd.khaibao.declaration+json"
  WriteRegStr HKCU "Software\Classes\${PROG_ID}" "" "$(FileType)"
  WriteRegStr HKCU "Software\Classes\${PROG_ID}\DefaultIcon" "" "$INSTDIR\khaibao.ico"
  WriteRegStr HKCU "Software\Classes\${PROG_ID}\shell\open\command" "" '"$INSTDIR\khaibao.exe" "%1"'
  ; Tell Explorer the associations changed (SHCNE_ASSOCCHANGED).
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  ; Apps & features.
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${APP}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\khaibao.ico"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "Uninstall"
  Call un.WaitUntilClosed
  Delete "$INSTDIR\khaibao.exe"
  Delete "$INSTDIR\khaibao.ico"
  Delete "$INSTDIR\INSTALL.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${APP}.lnk"
  Delete "$DESKTOP\${APP}.lnk"

  ; Only our own association: another program may have taken `.khaibao` since.
  ReadRegStr $0 HKCU "Software\Classes\${EXTENSION}" ""
  ${If} $0 == "${PROG_ID}"
    DeleteRegKey HKCU "Software\Classes\${EXTENSION}"
  ${EndIf}
  DeleteRegKey HKCU "Software\Classes\${PROG_ID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\KhaiBao"

  ; The broker's data stays unless asked: a question (No by default), or /PURGE when silent.
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/PURGE" $R1
  ${IfNot} ${Errors}
    RMDir /r "${DATA_PARENT}"
  ${ElseIfNot} ${Silent}
    MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "$(AskPurge)" IDNO keep
    RMDir /r "${DATA_PARENT}"
    keep:
  ${EndIf}
SectionEnd
