namespace ChangeBot.Hosting;

/// <summary>The <c>ChangeBot</c> configuration section (SPEC §7).</summary>
public sealed class ChangeBotOptions
{
    public const string Section = "ChangeBot";

    /// <summary>Where the embedded store (LiteDB) and the embedded job storage live.</summary>
    public string DataDirectory { get; set; } = "./data";

    public StorageKind Storage { get; set; } = StorageKind.LiteDb;

    /// <summary>Platform-qualified user ids (<c>slack:U123</c>, <c>msteams:29:abc</c>, <c>directline:alice</c>).</summary>
    public IReadOnlyList<string> SupportUsers { get; set; } = [];

    /// <summary>Channel keys (<c>slack:T1:C1</c>) where support alerts are posted.</summary>
    public IReadOnlyList<string> SupportChannels { get; set; } = [];

    /// <summary>Bearer tokens for the REST API.</summary>
    public IReadOnlyList<string> ApiTokens { get; set; } = [];

    /// <summary>Folder of notices imported (and published) at start-up; defaults to the shipped samples.</summary>
    public string? SeedNoticesDirectory { get; set; }
}

public enum StorageKind { LiteDb, Postgres }
