using System.Runtime.InteropServices;

namespace ConformanceKit.Actors.Archive;

/// <summary>How far a stored object is on its way to the disk when the archive answers C-STORE success.</summary>
public enum Durability
{
    /// <summary>
    /// The file's bytes and then its folder entry are synced (fsync) before success: the object survives a power loss.
    /// What a real archive owes its senders (PS3.4 B.2.3: success means the SCP has stored the object).
    /// </summary>
    Synced,

    /// <summary>
    /// Written, flushed to the operating system and renamed before success: survives the process dying, not a power
    /// loss. For throw-away archives (the reference Archive of a scenario run), where syncing only costs time.
    /// </summary>
    Flushed,
}

/// <summary>Syncs a folder's entries to disk after a rename into it (POSIX: the rename is durable only once the folder is synced).</summary>
internal static class DurableFolder
{
    private const int ReadOnly = 0, Directory = 0x10000; // O_RDONLY, O_DIRECTORY (Linux)

    public static void Sync(string folder)
    {
        // Windows commits the rename with the file system's own journal; there is nothing to sync by hand.
        if (!OperatingSystem.IsLinux()) return;
        var fd = Open(folder, ReadOnly | Directory);
        if (fd < 0) throw new IOException($"cannot open {folder} to sync it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"cannot sync {folder} (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
