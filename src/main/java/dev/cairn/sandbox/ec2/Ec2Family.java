package dev.cairn.sandbox.ec2;

import dev.cairn.sandbox.ec2.Ec2Model.RegionState;

/**
 * A resource family's rules for one request: the backend (lookups, IDs, the other families),
 * the state of the account and region, and the request's clock. Families are made per request
 * and hold nothing of their own.
 */
abstract class Ec2Family {
    final Ec2Backend b;
    final RegionState s;
    final long now;

    Ec2Family(Ec2Backend backend) {
        this.b = backend;
        this.s = backend.state();
        this.now = backend.now();
    }
}
