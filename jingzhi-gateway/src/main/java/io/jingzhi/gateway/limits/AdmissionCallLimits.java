package io.jingzhi.gateway.limits;

import io.jingzhi.common.error.ApiException;
import io.jingzhi.gateway.api.CallLimits;
import io.jingzhi.iam.api.ApiKeyGrants;
import io.jingzhi.iam.api.Caller;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** {@link CallLimits} over {@link AdmissionControl}: the same counters, levels and failure mode as model calls. */
@Component
class AdmissionCallLimits implements CallLimits {

  private final AdmissionControl admission;
  private final ApiKeyGrants grants;

  AdmissionCallLimits(AdmissionControl admission, ApiKeyGrants grants) {
    this.admission = admission;
    this.grants = grants;
  }

  @Override
  public Admitted admit(Caller caller, String name) {
    if (caller.authType() != Caller.AuthType.API_KEY) {
      return () -> { };
    }
    Optional<ApiKeyGrants.Grant> grant = grants.of(caller);
    try {
      AdmissionControl.Permit permit = admission.admit(caller, grant, name, 0);
      return () -> permit.finish(0);
    } catch (LimitExceeded e) {
      throw new ApiException(HttpStatus.valueOf(e.status()), e.code(), e.getMessage() + " Retry after "
          + e.retryAfterSeconds() + " s.");
    }
  }
}
