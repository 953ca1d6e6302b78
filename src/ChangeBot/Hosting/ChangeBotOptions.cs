namespace ChangeBot.Hosting;

/// <summary>The <c>ChangeBot</c> configuration section (docs/deploy.md#settings-checklist).</summary>
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

    /// <summary>Whether the sample notices are imported (and published) at start-up. Unset: only in the
    /// Development environment (<c>dotnet run</c> from the repository), so a real install never answers its
    /// customers from the 2016 sample.</summary>
    public bool? SampleNotices { get; set; }

    /// <summary>Set by <c>changebot demo</c>: a current copy of the sample is published to the first web chat
    /// that subscribes (<see cref="DemoRun"/>).</summary>
    public bool Demo { get; set; }

    /// <summary>Folder the sample notices come from; defaults to the ones shipped next to the executable.
    /// Empty turns them off whatever <see cref="SampleNotices"/> says.</summary>
    public string? SeedNoticesDirectory { get; set; }
}

public enum StorageKind { LiteDb, Postgres }
