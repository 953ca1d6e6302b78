namespace ChangeBot.Core.CutOvers;

/// <summary>
/// One switch seen on a notice's endpoint: the presented chain became the announced one (<see cref="CutOverState.Live"/>)
/// or went back to another (<see cref="CutOverState.RolledBack"/>). <see cref="Sequence"/> numbers a notice's switches
/// from 1 over all its endpoints; the store keeps the first record of each (notice, sequence), so two instances that
/// see the same switch record it once, and the delivery ledger keys its messages by the sequence.
/// </summary>
/// <param name="Endpoint">the endpoint's <c>current</c> target as the notice names it.</param>
/// <param name="FirstSeen">when a probe first saw the new state.</param>
public sealed record CutOverObservation(string NoticeId, int Sequence, string Endpoint, CutOverState State, DateTimeOffset FirstSeen);

public enum CutOverState { Live, RolledBack }
