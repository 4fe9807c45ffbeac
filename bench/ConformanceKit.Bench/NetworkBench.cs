using System.Diagnostics;
using System.Globalization;
using ConformanceKit.Dicom.Network;
using ConformanceKit.Dicom.Network.Services;

namespace ConformanceKit.Bench;

/// <summary>
/// In-process C-STORE throughput for bench/network-store.sh, without process start-up and JIT:
/// "network-store HOST PORT CALLED_AE DIR [ROUNDS]" sends every file of DIR over one association per round,
/// after one warm-up round, and prints the best round's images/s and MB/s.
/// </summary>
public static class NetworkBench
{
    public static int Store(string[] args)
    {
        if (args.Length is < 4 or > 5) { Console.Error.WriteLine("usage: network-store HOST PORT CALLED_AE DIR [ROUNDS]"); return 64; }
        var options = new DicomClientOptions
        {
            Host = args[0], Port = int.Parse(args[1], CultureInfo.InvariantCulture), CalledAeTitle = args[2], CallingAeTitle = "CK_BENCH",
        };
        var rounds = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 3;
        var items = Directory.GetFiles(args[3]).Order(StringComparer.Ordinal).Select(StoreItem.FromFile).ToList();
        var bytes = items.Sum(i => i.Dataset.Length);
        var best = double.MaxValue;
        for (var round = 0; round <= rounds; round++)
        {
            var watch = Stopwatch.StartNew();
            RoundAsync(options, items).GetAwaiter().GetResult();
            if (round > 0) best = Math.Min(best, watch.Elapsed.TotalSeconds); // round 0 warms up
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"in-process ck store: {items.Count} images, {bytes / 1e6:F1} MB, best of {rounds}: {best:F3} s, {items.Count / best:F1} images/s, {bytes / 1e6 / best:F1} MB/s"));
        return 0;
    }

    private static async Task RoundAsync(DicomClientOptions options, IReadOnlyList<StoreItem> items)
    {
        await using var association = await DicomClient.AssociateAsync(options,
            new PresentationContextPlan().AddObjects(items.Select(i => (i.SopClassUid, i.TransferSyntax))));
        foreach (var item in items)
        {
            var response = await association.StoreAsync(item);
            if (!response.Status.IsSuccess) throw new InvalidOperationException($"{item.Origin}: {response.Describe()}");
        }
    }
}
