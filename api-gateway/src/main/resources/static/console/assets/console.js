// IMS console: the little JavaScript htmx does not cover. Kept in a file so that the CSP can forbid inline scripts.
(function () {
  "use strict";

  function csrf() {
    var body = document.body;
    return { header: body.dataset.csrfHeader, token: body.dataset.csrfToken };
  }

  // Every htmx request carries the CSRF token (Spring Security checks it on each unsafe request).
  document.addEventListener("htmx:configRequest", function (event) {
    var token = csrf();
    if (token.header && token.token) {
      event.detail.headers[token.header] = token.token;
    }
  });

  // A request that never got an answer is said so, instead of failing silently.
  document.addEventListener("htmx:sendError", function () {
    showError("IMS.0503", "The console could not reach IMS. Check your connection and try again.");
  });

  function showError(code, message) {
    var alerts = document.getElementById("alerts");
    if (!alerts) {
      return;
    }
    alerts.innerHTML = "";
    var box = document.createElement("div");
    box.className = "alert error";
    var strong = document.createElement("strong");
    strong.textContent = "Error ";
    var codeElement = document.createElement("code");
    codeElement.className = "code";
    codeElement.textContent = code;
    strong.appendChild(codeElement);
    strong.appendChild(document.createTextNode(":"));
    var text = document.createElement("span");
    text.className = "message";
    text.textContent = " " + message;
    box.appendChild(strong);
    box.appendChild(text);
    alerts.appendChild(box);
  }

  function showAnswer(html) {
    var alerts = document.getElementById("alerts");
    alerts.innerHTML = html;
  }

  // Upload: create the image's record, then send the file with a progress bar, then follow the job.
  function upload(form) {
    var file = form.querySelector("input[type=file]").files[0];
    var bar = document.getElementById("upload-progress");
    var status = document.getElementById("upload-status");
    var token = csrf();
    if (!file) {
      showError("IMG.0001", "Choose a file to upload.");
      return;
    }
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    var metadata = new XMLHttpRequest();
    metadata.open("POST", form.action);
    metadata.setRequestHeader("HX-Request", "true");
    metadata.setRequestHeader(token.header, token.token);
    metadata.onload = function () {
      if (metadata.status !== 201) {
        button.disabled = false;
        showAnswer(metadata.responseText);
        return;
      }
      var imageId = JSON.parse(metadata.responseText).image_id;
      var data = new XMLHttpRequest();
      data.open("PUT", form.action + "/" + encodeURIComponent(imageId) + "/file");
      data.setRequestHeader("HX-Request", "true");
      data.setRequestHeader(token.header, token.token);
      data.setRequestHeader("Content-Type", "application/octet-stream");
      data.upload.onprogress = function (event) {
        if (event.lengthComputable) {
          bar.max = event.total;
          bar.value = event.loaded;
          status.textContent = Math.round(100 * event.loaded / event.total) + "% uploaded";
        }
      };
      data.onload = function () {
        if (data.status >= 200 && data.status < 300) {
          status.textContent = "Uploaded; IMS now checks and converts the image.";
          window.location.assign(JSON.parse(data.responseText).location);
        } else {
          button.disabled = false;
          showAnswer(data.responseText);
        }
      };
      data.onerror = function () {
        button.disabled = false;
        showError("IMG.0425", "The upload was interrupted. Upload the file again.");
      };
      data.send(file);
    };
    metadata.onerror = function () {
      button.disabled = false;
      showError("IMS.0503", "The console could not reach IMS. Check your connection and try again.");
    };
    var fields = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") {
        fields.append(name, value);
      }
    });
    metadata.send(fields);
  }

  // The Share dialog: its content comes from the server into <dialog id="share-dialog">, which then opens as a modal.
  document.addEventListener("htmx:afterSwap", function (event) {
    var dialog = event.detail.target;
    if (dialog && dialog.id === "share-dialog" && !dialog.open) {
      dialog.showModal();
    }
  });

  document.addEventListener("click", function (event) {
    var close = event.target.closest("[data-close-dialog]");
    if (close) {
      var dialog = close.closest("dialog");
      if (dialog) {
        dialog.close();
      }
    }
  });

  document.addEventListener("submit", function (event) {
    if (event.target.id === "upload-form") {
      event.preventDefault();
      upload(event.target);
    }
  });
})();
