#!/usr/bin/env pwsh
# ConformanceKit entry point for PowerShell (Windows, or pwsh on Linux/macOS); mirrors run.sh.
#   ./run.ps1            run the scenario library against the built-in reference actors (main job)
#   ./run.ps1 test       install missing test peers (Debian, as root) and run every test
#   ./run.ps1 ARGS...    run `ck ARGS...` (builds first when sources changed)
$ErrorActionPreference = 'Stop'
$here = $PSScriptRoot
Set-Location $here
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'; $env:DOTNET_NOLOGO = '1'; $env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

$out = Join-Path $here '.build/ck'
$ckDll = Join-Path $out 'ck.dll'
$stamp = Join-Path $out '.built'

function Install-Peers {
    # Real peers come from Debian packages; elsewhere the tests that need them are skipped.
    if (-not $IsLinux -or -not (Test-Path '/usr/bin/apt-get')) { return }
    $peers = @{ 'storescp' = 'dcmtk'; 'dciodvfy' = 'dicom3tools'; 'Orthanc' = 'orthanc'; 'plastimatch' = 'plastimatch'; 'chromium' = 'chromium' }
    $missing = @()
    foreach ($cmd in $peers.Keys) {
        if (-not (Get-Command $cmd -ErrorAction SilentlyContinue) -and -not (Test-Path "/usr/sbin/$cmd")) { $missing += $peers[$cmd] }
    }
    if (-not (Test-Path '/usr/lib/python3/dist-packages/pydicom/data/test_files')) { $missing += 'python3-pydicom' }
    if ($missing.Count -eq 0) { return }
    if ((id -u) -ne '0') { Write-Warning "not root, so not installing $($missing -join ' '); tests that need them will be skipped"; return }
    Write-Host "run.ps1: installing test peers: $($missing -join ' ')"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    & apt-get install -y -qq @missing *> $null
    if ($LASTEXITCODE -ne 0) { & apt-get update -qq *> $null; & apt-get install -y -qq @missing *> $null }
}

function Test-NeedsBuild {
    if (-not (Test-Path $stamp) -or [IO.File]::ReadAllText($stamp).Trim() -ne (Get-WantedKind)) { return $true }
    $built = [IO.File]::GetLastWriteTimeUtc($stamp)
    $patterns = '*.cs', '*.csproj', '*.props', '*.yaml', '*.sbn*', '*.css', '*.js'
    $newer = Get-ChildItem -Path (Join-Path $here 'src') -Recurse -File -Include $patterns |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' -and $_.LastWriteTimeUtc -gt $built } | Select-Object -First 1
    if ($newer) { return $true }
    foreach ($p in 'Directory.Build.props', 'Directory.Packages.props') {
        if ((Get-Item (Join-Path $here $p)).LastWriteTimeUtc -gt $built) { return $true }
    }
    return $false
}

# The C compiler that links a native ck, as run.sh picks it: clang or gcc, on x64 Linux only; $null for none
# (or with CK_NATIVE=0).
function Get-NativeLinker {
    if ($env:CK_NATIVE -eq '0' -or -not $IsLinux -or [System.Runtime.InteropServices.RuntimeInformation]::OSArchitecture -ne 'X64') { return $null }
    foreach ($cc in 'clang', 'gcc') { if (Get-Command $cc -ErrorAction SilentlyContinue) { return $cc } }
    return $null
}

# What this machine builds: 'native' or 'portable' (the stamp remembers it, so CK_NATIVE=0 forces a rebuild).
function Get-WantedKind { if (Get-NativeLinker) { 'native' } else { 'portable' } }

function Build-Ck {
    if (-not (Test-NeedsBuild)) { return }
    if (Test-Path $out) { Remove-Item -Recurse -Force $out }
    # Native on x64 Linux with a C toolchain, as run.sh does (see the Cli project); else a framework-dependent publish.
    $linker = Get-NativeLinker
    if ($linker) {
        Write-Host 'run.ps1: building native ck (first build takes a few minutes)...'
        & dotnet publish src/ConformanceKit.Cli/ConformanceKit.Cli.csproj -c Release -o $out -p:PublishAot=true "-p:CppCompilerAndLinker=$linker" -v quiet -nologo '-clp:ErrorsOnly;NoSummary'
        if ($LASTEXITCODE -eq 0) { [IO.File]::WriteAllText($stamp, 'native'); return }
        Write-Warning 'native build failed; building the portable ck instead'
        if (Test-Path $out) { Remove-Item -Recurse -Force $out }
    }
    & dotnet publish src/ConformanceKit.Cli/ConformanceKit.Cli.csproj -c Release -o $out -v quiet -nologo '-clp:ErrorsOnly;NoSummary'
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    # The stamp holds the kind asked for, so a native build that failed is not retried until the sources change.
    [IO.File]::WriteAllText($stamp, (Get-WantedKind))
}

# The built ck as a command: the native program, or ck.dll through dotnet.
function Get-CkCommand {
    if (Test-Path $ckDll) { return ,@('dotnet', $ckDll) }
    return ,@((Join-Path $out 'ck'))
}

if ($args.Count -gt 0 -and $args[0] -eq 'test') {
    Install-Peers
    $results = Join-Path $here '.build/test-results'
    if (Test-Path $results) { Remove-Item -Recurse -Force $results }
    $rest = @($args | Select-Object -Skip 1)
    & dotnet build ConformanceKit.sln -c Release -nologo -v quiet '-clp:ErrorsOnly;NoSummary'
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    # The published ck too: the published-ck tests run it as shipped (CK_EXE).
    Build-Ck
    $env:CK_EXE = (Get-CkCommand)[-1]
    # One test project at a time, each with its own TRX file (see run.sh).
    $rc = 0
    foreach ($proj in Get-ChildItem -Path (Join-Path $here 'tests') -Filter '*.Tests.csproj' -Recurse) {
        $name = $proj.BaseName
        & dotnet test $proj.FullName -c Release --no-build -nologo -v quiet --logger "trx;LogFileName=$name.trx" --results-directory $results @rest
        if ($LASTEXITCODE -ne 0) { $rc = 1 }
    }
    exit $rc
}

Build-Ck
$ck = Get-CkCommand
$ckArgs = @(if ($args.Count -eq 0) { 'run' } else { $args })
$ckRest = @($ck | Select-Object -Skip 1)
& $ck[0] @ckRest @ckArgs
exit $LASTEXITCODE
