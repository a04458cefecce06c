package io.jingzhi.agent.run;

import io.jingzhi.agent.AgentException;
import io.jingzhi.iam.api.Caller;
import io.jingzhi.iam.api.UserCallers;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Who a run's inner calls act as. An app's API key is granted exactly the model {@code app/<code>}: enough to start
 * the app, but its model, knowledge, tool, database, sub-workflow and intervention calls would all be refused under
 * that grant. So a run started with a key acts inside for the user who created the key (a builder of the app), with
 * that user's permissions as a signed-in session would have them now; the run record, its audit and the key's
 * metering keep the key. A key whose creator is disabled, expired or gone cannot run anything (403).
 */
@Component
class RunCallers {

  private final UserCallers users;

  RunCallers(UserCallers users) {
    this.users = users;
  }

  /** The caller the run's nodes act as: a user as themselves, an API key as its creator. */
  Caller inner(Caller caller) {
    if (caller.authType() != Caller.AuthType.API_KEY) {
      return caller;
    }
    return users.of(caller.userId()).map(u -> u.withSourceIp(caller.sourceIp()))
        .orElseThrow(() -> new AgentException(HttpStatus.FORBIDDEN, "run.key_owner_disabled", "The API key's"
            + " creator (user " + caller.userId() + ") is disabled or expired, so the app's runs cannot act for"
            + " them; ask a builder of the app for a new key"));
  }
}
