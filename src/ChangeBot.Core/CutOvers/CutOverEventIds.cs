namespace ChangeBot.Core.CutOvers;

/// <summary>Log event ids of cut-over detection.
/// This area owns 4400–4499; every id is unique across the assemblies (a test checks it), so an id in a
/// log line names one place in the code.</summary>
internal static class CutOverEventIds
{
    public const int Switched = 4400;
    public const int ProbeFailed = 4401;
    public const int NoticeFailed = 4402;
}
