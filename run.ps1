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
    if (-not (Test-Path $ckDll)) { return $true }
    $built = (Get-Item $ckDll).LastWriteTimeUtc
    $patterns = '*.cs', '*.csproj', '*.props', '*.yaml', '*.sbn*', '*.css', '*.js'
    $newer = Get-ChildItem -Path (Join-Path $here 'src') -Recurse -File -Include $patterns |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' -and $_.LastWriteTimeUtc -gt $built } | Select-Object -First 1
    if ($newer) { return $true }
    foreach ($p in 'Directory.Build.props', 'Directory.Packages.props') {
        if ((Get-Item (Join-Path $here $p)).LastWriteTimeUtc -gt $built) { return $true }
    }
    return $false
}

function Build-Ck {
    if (Test-NeedsBuild) {
        # Published, as run.sh does (precompiled where the Cli project fixes a runtime; a plain build elsewhere).
        & dotnet publish src/ConformanceKit.Cli/ConformanceKit.Cli.csproj -c Release -o $out -v quiet -nologo '-clp:ErrorsOnly;NoSummary'
        if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
        (Get-Item $ckDll).LastWriteTimeUtc = [DateTime]::UtcNow
    }
}

if ($args.Count -gt 0 -and $args[0] -eq 'test') {
    Install-Peers
    $results = Join-Path $here '.build/test-results'
    if (Test-Path $results) { Remove-Item -Recurse -Force $results }
    $rest = @($args | Select-Object -Skip 1)
    & dotnet build ConformanceKit.sln -c Release -nologo -v quiet '-clp:ErrorsOnly;NoSummary'
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
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
if ($args.Count -eq 0) { & dotnet $ckDll run } else { & dotnet $ckDll @args }
exit $LASTEXITCODE
