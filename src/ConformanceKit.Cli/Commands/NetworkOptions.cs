using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using ConformanceKit.Dicom;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Capture;
using ConformanceKit.Dicom.Network.Transport;

namespace ConformanceKit.Cli.Commands;

/// <summary>
/// The options every network command shares (--aet, --aec, --host, --port, --tls...), and how their failures
/// become exit codes: 0 success, 1 the peer refused (rejection, abort, failure status, no presentation
/// context), 2 the peer could not be reached or the input could not be read, 64 a bad command line.
/// </summary>
internal static class NetworkOptions
{
    public static readonly HashSet<string> Flags = ["--tls", "--tls-insecure", "--verbose"];

    public static readonly Dictionary<string, string> Aliases = new() { ["-k"] = "--key", ["-v"] = "--verbose" };

    public const string ClientUsage =
        "[--aet AE] [--aec AE] [--host HOST] [--port N] [--tls [--tls-ca PEM] [--tls-cert PEM --tls-key PEM] [--tls-insecure]] " +
        "[--timeout SECONDS] [--max-pdu BYTES] [--verbose]";

    /// <summary>Requestor options from the command line (defaults: CK_SCU calling ANY-SCP at 127.0.0.1:104).</summary>
    public static DicomClientOptions Client(ParsedArgs p, INetworkObserver? observer)
    {
        var timeout = TimeSpan.FromSeconds(p.GetInt("--timeout", 60));
        var settings = new AssociationSettings { DimseTimeout = timeout, AssociationTimeout = timeout, MaxPduLength = (uint)p.GetInt("--max-pdu", 256 * 1024) };
        return new DicomClientOptions
        {
            CallingAeTitle = AeTitleOption(p, "--aet", "CK_SCU"),
            CalledAeTitle = AeTitleOption(p, "--aec", "ANY-SCP"),
            Host = p.Get("--host", "127.0.0.1"),
            Port = Port(p, 104),
            Tls = ClientTls(p),
            Settings = settings,
            ConnectTimeout = timeout,
            Observer = observer,
        };
    }

    public static string AeTitleOption(ParsedArgs p, string name, string fallback)
    {
        var value = p.Get(name, fallback);
        if (Dicom.Network.Pdus.AeTitle.Validate(value) is { } error) throw new UsageException($"{name}: {error}");
        return value;
    }

    public static int Port(ParsedArgs p, int fallback)
    {
        var port = p.GetInt("--port", fallback);
        if (port is < 0 or > 65535) throw new UsageException($"--port {port} is not a TCP port (0-65535)");
        return port;
    }

    private static TlsClientOptions? ClientTls(ParsedArgs p)
    {
        var ca = p.Get("--tls-ca");
        var cert = p.Get("--tls-cert");
        var key = p.Get("--tls-key");
        var insecure = p.Has("--tls-insecure");
        if (!p.Has("--tls"))
        {
            if (ca is not null || cert is not null || insecure) throw new UsageException("--tls-ca, --tls-cert and --tls-insecure need --tls");
            return null;
        }
        return new TlsClientOptions
        {
            TargetHost = p.Get("--host", "127.0.0.1") is "127.0.0.1" or "::1" ? "localhost" : p.Get("--host", "localhost"),
            TrustedRoots = ca is null ? null : LoadRoots(ca),
            ClientCertificate = cert is null ? null : LoadCertificate(cert, key ?? throw new UsageException("--tls-cert needs --tls-key")),
            AcceptAnyServerCertificate = insecure,
        };
    }

    public static X509Certificate2Collection LoadRoots(string pemPath)
    {
        var roots = new X509Certificate2Collection();
        try { roots.ImportFromPemFile(pemPath); }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException)
        {
            throw new UsageException($"cannot read CA certificates from {pemPath}: {e.Message}");
        }
        return roots;
    }

    /// <summary>A certificate with its private key from PEM files, made usable by SslStream on every platform.</summary>
    public static X509Certificate2 LoadCertificate(string certPath, string keyPath)
    {
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(certPath, keyPath);
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException)
        {
            throw new UsageException($"cannot read the certificate {certPath} with key {keyPath}: {e.Message}");
        }
    }

    /// <summary>A transcript for --verbose (printed to stderr at the end), else null.</summary>
    public static NetworkTranscript? Transcript(ParsedArgs p) => p.Has("--verbose") ? new NetworkTranscript() : null;

    public static void PrintTranscript(NetworkTranscript? transcript)
    {
        if (transcript is null) return;
        Console.Error.WriteLine("--- transcript ---");
        Console.Error.Write(transcript.Format());
    }

    /// <summary>Prints why an operation failed and returns the exit code that says it.</summary>
    public static int Fail(string command, Exception e)
    {
        var (code, text) = e switch
        {
            AssociationRejectedException r => (ExitCodes.Failure, r.Message),
            AssociationAbortedException a when a.Message.Contains("transport connection failed", StringComparison.Ordinal) =>
                (ExitCodes.Error, $"cannot connect: {a.Message.Replace("transport connection failed: ", "", StringComparison.Ordinal)}"),
            AssociationException a => (ExitCodes.Failure, a.Message),
            TimeoutException t => (ExitCodes.Failure, t.Message),
            DicomReadException r => (ExitCodes.Error, r.Message),
            IOException io => (ExitCodes.Error, io.Message),
            UnauthorizedAccessException u => (ExitCodes.Error, u.Message),
            _ => (ExitCodes.Error, $"{e.GetType().Name}: {e.Message}"),
        };
        Console.Error.WriteLine($"ck {command}: {text}");
        return code;
    }

    public static string Rate(int count, long bytes, TimeSpan elapsed)
    {
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
        return string.Create(CultureInfo.InvariantCulture,
            $"{count} objects, {bytes / 1e6:0.0} MB in {seconds:0.000} s ({count / seconds:0.0} images/s, {bytes / 1e6 / seconds:0.0} MB/s)");
    }

    /// <summary>Identifier keys from "-k KEY=VALUE" (keyword or gggg,eeee), with the Query/Retrieve Level.</summary>
    public static DicomDataset Identifier(ParsedArgs p, string level)
    {
        var identifier = new DicomDataset();
        identifier.SetString(DicomTags.QueryRetrieveLevel, level);
        foreach (var key in p.GetAll("--key"))
        {
            var eq = key.IndexOf('=');
            var name = eq < 0 ? key : key[..eq];
            var value = eq < 0 ? "" : key[(eq + 1)..];
            DicomTag tag;
            if (DicomDictionary.FindByKeyword(name) is { } byKeyword) tag = new DicomTag(byKeyword.Tag);
            else if (!DicomTag.TryParse(name, out tag)) throw new UsageException($"-k {key}: '{name}' is neither a keyword nor a tag gggg,eeee");
            var entry = DicomDictionary.Find(tag) ?? throw new UsageException($"-k {key}: {tag} is not in the dictionary");
            if (entry.VR == DicomVR.SQ) throw new UsageException($"-k {key}: sequence keys are not supported on the command line");
            identifier.SetString(tag, value, entry.VR);
        }
        return identifier;
    }

    public static string Level(ParsedArgs p)
    {
        var level = p.Get("--level", "STUDY").ToUpperInvariant();
        return level is "PATIENT" or "STUDY" or "SERIES" or "IMAGE" ? level : throw new UsageException($"--level {level}: expected PATIENT, STUDY, SERIES or IMAGE");
    }

    /// <summary>The Query/Retrieve information model (--model study|patient, PS3.4 C.6) for a service ("FIND", "MOVE", "GET").</summary>
    public static string Model(ParsedArgs p, string service)
    {
        var model = p.Get("--model", "study").ToLowerInvariant();
        var patient = model switch
        {
            "study" => false,
            "patient" => true,
            _ => throw new UsageException($"--model {model}: expected study or patient"),
        };
        return (service, patient) switch
        {
            ("FIND", false) => DicomUids.StudyRootQueryRetrieveInformationModelFind,
            ("FIND", true) => DicomUids.PatientRootQueryRetrieveInformationModelFind,
            ("MOVE", false) => DicomUids.StudyRootQueryRetrieveInformationModelMove,
            ("MOVE", true) => DicomUids.PatientRootQueryRetrieveInformationModelMove,
            ("GET", false) => DicomUids.StudyRootQueryRetrieveInformationModelGet,
            _ => DicomUids.PatientRootQueryRetrieveInformationModelGet,
        };
    }
}

/// <summary>Process-wide settings for the client commands.</summary>
internal static class ClientProcess
{
    /// <summary>
    /// Lets socket completions run on the socket engine's own thread instead of being queued to the thread pool
    /// (.NET's DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS). A client command has one association, so nothing
    /// else waits behind it, and each response then costs one thread wake-up fewer. Must run before the first
    /// socket is used; `ck storescp` does not use it (many associations share the engine there).
    /// </summary>
    public static void UseInlineSocketCompletions()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
            Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
    }
}
