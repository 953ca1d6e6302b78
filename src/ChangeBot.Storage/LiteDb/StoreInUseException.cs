namespace ChangeBot.Storage.LiteDb;

/// <summary>The LiteDB file is held by another store instance, in practice a running ChangeBot server.</summary>
public sealed class StoreInUseException(string databasePath, Exception inner)
    : IOException($"The store file {databasePath} is in use by another process (a running ChangeBot server?).", inner)
{
    public string DatabasePath { get; } = databasePath;
}
